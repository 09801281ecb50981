;; mem_zero — a memory of zero pages: no byte of it may be touched, not even address 0,
;; until it grows; then exactly one page is there and nothing past it.
(module
  (memory $m 0 2)
  (func $id (param i32) (result i32) (local.get 0))
  (func $load0 (export "load8_at_0") (result i32)   ;; => trap: out of bounds memory access in $load0
    (i32.load8_u (i32.const 0)))
  (func $load0p (export "load8_at_0.param") (result i32)   ;; => trap: out of bounds memory access in $load0p
    (i32.load8_u (call $id (i32.const 0))))
  (func $store0 (export "store8_at_0")   ;; => trap: out of bounds memory access in $store0
    (i32.store8 (i32.const 0) (i32.const 1)))
  (func $size (export "size") (result i32)   ;; => i32:0
    (memory.size))
  (func $fill_empty (export "fill_0_bytes_at_0")   ;; => nothing
    (memory.fill (i32.const 0) (i32.const 7) (i32.const 0)))
  (func $fill_past (export "fill_0_bytes_at_1")   ;; => trap: out of bounds memory access in $fill_past
    (memory.fill (i32.const 1) (i32.const 7) (i32.const 0)))
  (func $copy_empty (export "copy_0_bytes_at_0")   ;; => nothing
    (memory.copy (i32.const 0) (i32.const 0) (i32.const 0)))
  ;; grow by one page: the old size comes back, then the page's last byte works and
  ;; the byte after it still traps
  ;; (returns (old size + 1) * 256 + the byte read back)
  (func $grown (export "grow_then_last_byte") (result i32) (local $old i32)   ;; => i32:0x102
    (local.set $old (memory.grow (i32.const 1)))
    (i32.store8 (i32.const 0xFFFF) (i32.const 2))
    (i32.add (i32.shl (i32.add (local.get $old) (i32.const 1)) (i32.const 8))
             (i32.load8_u (call $id (i32.const 0xFFFF)))))
  (func $grown_past (export "grow_then_past") (result i32)   ;; => trap: out of bounds memory access in $grown_past
    (drop (memory.grow (i32.const 1)))
    (i32.load8_u (call $id (i32.const 0x10000))))
)
