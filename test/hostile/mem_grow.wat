;; mem_grow — memory.grow up to the declared maximum and beyond it: growing past the
;; maximum, by 2^32-1 pages, or so that the page count would wrap around 32 bits returns
;; -1 and changes nothing; the edge moves exactly to the new size and no further.
(module
  (memory 1 3)
  (func $id (param i32) (result i32) (local.get 0))
  (func $to_max (export "grow_to_max") (result i32)   ;; => i32:1
    (memory.grow (i32.const 2)))
  (func $past_max (export "grow_past_max") (result i32)   ;; => i32:-1
    (memory.grow (i32.const 3)))
  (func $at_max_then_one (export "grow_at_max_then_one") (result i32)   ;; => i32:-1
    (drop (memory.grow (i32.const 2)))
    (memory.grow (i32.const 1)))
  ;; 1 + 0xFFFFFFFF pages is 2^32, which is 0 in 32 bits
  (func $wraps (export "grow_so_pages_wrap") (result i32)   ;; => i32:-1
    (memory.grow (i32.const 0xFFFFFFFF)))
  (func $limit (export "grow_65536") (result i32)   ;; => i32:-1
    (memory.grow (i32.const 65536)))
  (func $failed_size (export "size_after_failed_grows") (result i32)   ;; => i32:1
    (drop (memory.grow (i32.const 3)))
    (drop (memory.grow (i32.const -1)))
    (drop (memory.grow (i32.const 0x10000)))
    (memory.size))
  (func $zero (export "grow_0") (result i32)   ;; => i32:1
    (memory.grow (i32.const 0)))
  ;; after a failed grow the old edge still holds
  (func $failed_edge (export "failed_grow_then_past") (result i32)   ;; => trap: out of bounds memory access in $failed_edge
    (drop (memory.grow (i32.const 5)))
    (i32.load8_u (call $id (i32.const 0x10000))))
  ;; after growing to 3 pages: the new last byte is zero and writable
  (func $new_last (export "grown_last_byte") (result i32)   ;; => i32:0x55
    (drop (memory.grow (i32.const 2)))
    (if (i32.load8_u (i32.const 0x2FFFF)) (then (unreachable)))
    (i32.store8 (call $id (i32.const 0x2FFFF)) (i32.const 0x55))
    (i32.load8_u (i32.const 0x2FFFF)))
  (func $new_past (export "grown_past_the_new_edge") (result i32)   ;; => trap: out of bounds memory access in $new_past
    (drop (memory.grow (i32.const 2)))
    (i32.load (call $id (i32.const 0x2FFFD))))
  (func $new_past_const (export "grown_past_max_const") (result i32)   ;; => trap: out of bounds memory access in $new_past_const
    (drop (memory.grow (i32.const 2)))
    (i32.wrap_i64 (i64.load offset=0x2FFF9 (i32.const 0))))
  ;; a grow in a callee: the caller's next access sees the new size
  (func $grow_two (drop (memory.grow (i32.const 2))))
  (func $callee_grew (export "callee_grew") (result i32)   ;; => i32:0x5a
    (call $grow_two)
    (i32.store8 (i32.const 0x20000) (i32.const 0x5a))
    (i32.load8_u (i32.const 0x20000)))
)
