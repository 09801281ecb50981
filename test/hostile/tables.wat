;; tables — table.get/set/fill/copy/init/grow out of range. Like memory's bulk
;; instructions, each checks its whole range in 64 bits before touching a slot: a range
;; ending exactly at the table's size works (also when empty), one more traps with "out
;; of bounds table access", and nothing wraps around 2^32. table.grow fails with -1 past
;; the maximum, past Atoll's own limit (10,000,000 slots), or when the size would wrap.
(module
  (table $t 4 6 funcref)                       ;; 4 slots, at most 6
  (table $e 3 externref)                       ;; an externref table, 3 slots
  (elem $seg func $f0 $f1 $f2)                 ;; a passive segment of 3 references
  (elem (table $t) (i32.const 0) func $f0 $f1)
  (func $f0 (result i32) (i32.const 10))
  (func $f1 (result i32) (i32.const 11))
  (func $f2 (result i32) (i32.const 12))
  (func $id (param i32) (result i32) (local.get 0))
  (func $call (param i32) (result i32) (call_indirect $t (result i32) (local.get 0)))
  ;; table.get / table.set
  (func $get_last (export "get_last_slot") (result i32)   ;; => i32:1
    (ref.is_null (table.get $t (call $id (i32.const 3)))))
  (func $get_size (export "get_at_size") (result i32)   ;; => trap: out of bounds table access in $get_size
    (ref.is_null (table.get $t (call $id (i32.const 4)))))
  (func $get_max (export "get_at_0xffffffff") (result i32)   ;; => trap: out of bounds table access in $get_max
    (ref.is_null (table.get $t (i32.const -1))))
  (func $set_size (export "set_at_size")   ;; => trap: out of bounds table access in $set_size
    (table.set $t (call $id (i32.const 4)) (ref.func $f0)))
  (func $set_max (export "set_at_0xffffffff")   ;; => trap: out of bounds table access in $set_max
    (table.set $t (call $id (i32.const -1)) (ref.null func)))
  (func $eset (export "externref_set_past")   ;; => trap: out of bounds table access in $eset
    (table.set $e (call $id (i32.const 3)) (ref.null extern)))
  ;; table.fill (i, value, n)
  (func $fill_end (export "fill_to_size") (result i32)   ;; => i32:10
    (table.fill $t (i32.const 2) (ref.func $f0) (i32.const 2))
    (call $call (i32.const 3)))
  (func $fill_empty (export "fill_0_at_size")   ;; => nothing
    (table.fill $t (i32.const 4) (ref.func $f0) (i32.const 0)))
  (func $fill_empty_past (export "fill_0_past_size")   ;; => trap: out of bounds table access in $fill_empty_past
    (table.fill $t (i32.const 5) (ref.func $f0) (i32.const 0)))
  (func $fill_over (export "fill_one_past_size")   ;; => trap: out of bounds table access in $fill_over
    (table.fill $t (i32.const 3) (ref.func $f0) (i32.const 2)))
  (func $fill_wrap (export "fill_wrapping")   ;; => trap: out of bounds table access in $fill_wrap
    (table.fill $t (i32.const 1) (ref.func $f0) (i32.const -1)))
  (func $fill_max (export "fill_at_0xffffffff")   ;; => trap: out of bounds table access in $fill_max
    (table.fill $t (i32.const -1) (ref.null func) (i32.const 1)))
  ;; table.copy (dst, src, n)
  (func $copy_end (export "copy_to_size") (result i32)   ;; => i32:11
    (table.copy $t $t (i32.const 2) (i32.const 0) (i32.const 2))
    (call $call (i32.const 3)))
  (func $copy_dst_over (export "copy_dst_past")   ;; => trap: out of bounds table access in $copy_dst_over
    (table.copy $t $t (i32.const 3) (i32.const 0) (i32.const 2)))
  (func $copy_src_over (export "copy_src_past")   ;; => trap: out of bounds table access in $copy_src_over
    (table.copy $t $t (i32.const 0) (i32.const 3) (i32.const 2)))
  (func $copy_wrap (export "copy_src_wrapping")   ;; => trap: out of bounds table access in $copy_wrap
    (table.copy $t $t (i32.const 0) (i32.const -1) (i32.const 2)))
  (func $copy_empty_past (export "copy_0_past_size")   ;; => trap: out of bounds table access in $copy_empty_past
    (table.copy $t $t (i32.const 5) (i32.const 0) (i32.const 0)))
  (func $copy_empty_end (export "copy_0_at_size")   ;; => nothing
    (table.copy $t $t (i32.const 4) (i32.const 4) (i32.const 0)))
  ;; table.init (dst, src in the segment, n) and elem.drop
  (func $init_end (export "init_to_segment_end") (result i32)   ;; => i32:12
    (table.init $t $seg (i32.const 1) (i32.const 0) (i32.const 3))
    (call $call (i32.const 3)))
  (func $init_seg_over (export "init_past_segment")   ;; => trap: out of bounds table access in $init_seg_over
    (table.init $t $seg (i32.const 0) (i32.const 1) (i32.const 3)))
  (func $init_dst_over (export "init_past_table")   ;; => trap: out of bounds table access in $init_dst_over
    (table.init $t $seg (i32.const 2) (i32.const 0) (i32.const 3)))
  (func $init_wrap (export "init_src_wrapping")   ;; => trap: out of bounds table access in $init_wrap
    (table.init $t $seg (i32.const 0) (i32.const -1) (i32.const 2)))
  (func $init_empty_end (export "init_0_at_segment_end")   ;; => nothing
    (table.init $t $seg (i32.const 4) (i32.const 3) (i32.const 0)))
  (func $init_empty_past (export "init_0_past_segment_end")   ;; => trap: out of bounds table access in $init_empty_past
    (table.init $t $seg (i32.const 0) (i32.const 4) (i32.const 0)))
  (func $init_dropped (export "init_after_drop")   ;; => trap: out of bounds table access in $init_dropped
    (elem.drop $seg)
    (table.init $t $seg (i32.const 0) (i32.const 0) (i32.const 1)))
  ;; table.grow (value, delta): the old size or -1
  (func $grow_max (export "grow_to_max") (result i32)   ;; => i32:4
    (table.grow $t (ref.null func) (i32.const 2)))
  (func $grow_past (export "grow_past_max") (result i32)   ;; => i32:-1
    (table.grow $t (ref.null func) (i32.const 3)))
  (func $grow_huge (export "grow_0xffffffff") (result i32)   ;; => i32:-1
    (table.grow $e (ref.null extern) (i32.const -1)))
  (func $grow_limit (export "grow_past_atoll_limit") (result i32)   ;; => i32:-1
    (table.grow $e (ref.null extern) (i32.const 10000000)))
  (func $grow_size (export "size_after_failed_grows") (result i32)   ;; => i32:3
    (drop (table.grow $e (ref.null extern) (i32.const -1)))
    (drop (table.grow $e (ref.null extern) (i32.const 10000000)))
    (table.size $e))
  (func $grow_get (export "get_past_grown") (result i32)   ;; => trap: out of bounds table access in $grow_get
    (drop (table.grow $t (ref.null func) (i32.const 2)))
    (ref.is_null (table.get $t (call $id (i32.const 6)))))
)
