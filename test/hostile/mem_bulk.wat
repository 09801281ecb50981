;; mem_bulk — memory.fill, memory.copy and memory.init at and across the edge of a
;; one-page memory. Each checks its whole range, in 64 bits, before writing a byte: a
;; range that ends exactly at the edge works (even when empty, and even at the edge
;; itself), one byte more traps, and no length or offset can wrap around 2^32.
(module
  (memory 1)
  (data $seg "0123456789abcdef")          ;; a passive segment of 16 bytes
  (data (i32.const 0xFFF8) "\f1\f2\f3\f4\f5\f6\f7\f8")
  (func $id (param i32) (result i32) (local.get 0))
  ;; ---- memory.fill (dst, value, n)
  (func $fill_to_edge (export "fill_to_edge") (result i32)   ;; => i32:0x07070707
    (memory.fill (call $id (i32.const 0xFFF0)) (i32.const 7) (i32.const 16))
    (i32.load (i32.const 0xFFFC)))
  (func $fill_over (export "fill_one_past_edge")   ;; => trap: out of bounds memory access in $fill_over
    (memory.fill (call $id (i32.const 0xFFF0)) (i32.const 7) (i32.const 17)))
  (func $fill_empty_edge (export "fill_0_at_edge")   ;; => nothing
    (memory.fill (i32.const 0x10000) (i32.const 7) (i32.const 0)))
  (func $fill_empty_past (export "fill_0_past_edge")   ;; => trap: out of bounds memory access in $fill_empty_past
    (memory.fill (i32.const 0x10001) (i32.const 7) (i32.const 0)))
  (func $fill_wrap (export "fill_wrapping_2^32")   ;; => trap: out of bounds memory access in $fill_wrap
    (memory.fill (i32.const 0xFFFFFFF0) (i32.const 7) (i32.const 0x20)))
  (func $fill_huge (export "fill_0xffffffff_from_1")   ;; => trap: out of bounds memory access in $fill_huge
    (memory.fill (i32.const 1) (i32.const 7) (i32.const 0xFFFFFFFF)))
  (func $fill_max (export "fill_max_dst")   ;; => trap: out of bounds memory access in $fill_max
    (memory.fill (i32.const 0xFFFFFFFF) (i32.const 7) (i32.const 1)))
  ;; ---- memory.copy (dst, src, n)
  (func $copy_to_edge (export "copy_to_edge") (result i32)   ;; => i32:0xf4f3f2f1
    (memory.copy (i32.const 0xFFFC) (i32.const 0xFFF8) (i32.const 4))
    (i32.load (i32.const 0xFFFC)))
  (func $copy_from_edge (export "copy_from_edge") (result i32)   ;; => i32:0xf8f7f6f5
    (memory.copy (i32.const 0) (call $id (i32.const 0xFFFC)) (i32.const 4))
    (i32.load (i32.const 0)))
  (func $copy_overlap (export "copy_overlapping_at_edge") (result i32)   ;; => i32:0xf7f6f5f4
    (memory.copy (i32.const 0xFFF9) (i32.const 0xFFF8) (i32.const 7))
    (i32.load (i32.const 0xFFFC)))
  (func $copy_dst_over (export "copy_dst_past_edge")   ;; => trap: out of bounds memory access in $copy_dst_over
    (memory.copy (i32.const 0xFFFD) (i32.const 0) (i32.const 4)))
  (func $copy_src_over (export "copy_src_past_edge")   ;; => trap: out of bounds memory access in $copy_src_over
    (memory.copy (i32.const 0) (i32.const 0xFFFD) (i32.const 4)))
  (func $copy_empty_edge (export "copy_0_at_edge")   ;; => nothing
    (memory.copy (i32.const 0x10000) (i32.const 0x10000) (i32.const 0)))
  (func $copy_empty_past (export "copy_0_src_past_edge")   ;; => trap: out of bounds memory access in $copy_empty_past
    (memory.copy (i32.const 0) (i32.const 0x10001) (i32.const 0)))
  (func $copy_src_wrap (export "copy_src_wrapping")   ;; => trap: out of bounds memory access in $copy_src_wrap
    (memory.copy (i32.const 0) (i32.const 0xFFFFFFFF) (i32.const 2)))
  (func $copy_dst_wrap (export "copy_dst_wrapping")   ;; => trap: out of bounds memory access in $copy_dst_wrap
    (memory.copy (i32.const 0xFFFFFFF0) (i32.const 0) (i32.const 0x11)))
  (func $copy_huge (export "copy_0xffffffff_bytes")   ;; => trap: out of bounds memory access in $copy_huge
    (memory.copy (i32.const 0) (i32.const 1) (i32.const 0xFFFFFFFF)))
  ;; ---- memory.init (dst, src in the segment, n)
  (func $init_to_edge (export "init_to_edge") (result i32)   ;; => i32:0x66656463
    (memory.init $seg (i32.const 0xFFF0) (i32.const 0) (i32.const 16))
    (i32.load (i32.const 0xFFFC)))
  (func $init_over (export "init_dst_past_edge")   ;; => trap: out of bounds memory access in $init_over
    (memory.init $seg (i32.const 0xFFF1) (i32.const 0) (i32.const 16)))
  (func $init_seg_over (export "init_past_segment_end")   ;; => trap: out of bounds memory access in $init_seg_over
    (memory.init $seg (i32.const 0) (i32.const 1) (i32.const 16)))
  (func $init_empty_end (export "init_0_at_segment_end")   ;; => nothing
    (memory.init $seg (i32.const 0x10000) (i32.const 16) (i32.const 0)))
  (func $init_empty_past (export "init_0_past_segment_end")   ;; => trap: out of bounds memory access in $init_empty_past
    (memory.init $seg (i32.const 0) (i32.const 17) (i32.const 0)))
  (func $init_src_wrap (export "init_src_wrapping")   ;; => trap: out of bounds memory access in $init_src_wrap
    (memory.init $seg (i32.const 0) (i32.const 0xFFFFFFFF) (i32.const 2)))
  (func $init_dst_wrap (export "init_dst_wrapping")   ;; => trap: out of bounds memory access in $init_dst_wrap
    (memory.init $seg (i32.const 0xFFFFFFFF) (i32.const 0) (i32.const 2)))
  (func $init_dropped (export "init_after_drop")   ;; => trap: out of bounds memory access in $init_dropped
    (data.drop $seg)
    (memory.init $seg (i32.const 0) (i32.const 0) (i32.const 1)))
  (func $init_dropped_empty (export "init_0_after_drop")   ;; => nothing
    (data.drop $seg)
    (data.drop $seg)
    (memory.init $seg (i32.const 0) (i32.const 0) (i32.const 0)))
  ;; ---- after growing, the edge has moved: exactly there
  (func $grown_fill (export "fill_to_grown_edge") (result i32)   ;; => i32:0x03030303
    (drop (memory.grow (i32.const 1)))
    (memory.fill (i32.const 0x1FFF0) (i32.const 3) (i32.const 16))
    (i32.load (i32.const 0x1FFFC)))
  (func $grown_over (export "copy_past_grown_edge")   ;; => trap: out of bounds memory access in $grown_over
    (drop (memory.grow (i32.const 1)))
    (memory.copy (i32.const 0x1FFF0) (i32.const 0) (i32.const 17)))
)
