;; mem_align — misaligned accesses, with alignment hints that understate the truth
;; (align=1 on an aligned address) and that overstate it (the natural alignment on an
;; odd address: allowed, the hint is only a hint), across a 4 KiB page boundary inside
;; memory and across the edge. A backend that trusted the hint (an aligned SSE move, say)
;; would fault on a correct program; the ones at the edge must trap all the same.
;; Bytes 0x10..0x2f sit at 0xff0..0x100f, so the byte at address a is a - 0xfe0 there.
(module
  (memory 1)
  (data (i32.const 0xFF0) "\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f\20\21\22\23\24\25\26\27\28\29\2a\2b\2c\2d\2e\2f")
  (data (i32.const 0x10) "\01\02\03\04\05\06\07\08")
  (func $id (param i32) (result i32) (local.get 0))
  (func $fold (param i64) (result i32)   ;; low half xor high half
    (i32.wrap_i64 (i64.xor (local.get 0) (i64.shr_u (local.get 0) (i64.const 32)))))
  (func $a1 (export "i32_align1_across_page") (result i32)   ;; => i32:0x21201f1e
    (i32.load align=1 (call $id (i32.const 0xFFE))))
  (func $a2 (export "i32_natural_hint_odd_address") (result i32)   ;; => i32:0x2221201f
    (i32.load align=4 (call $id (i32.const 0xFFF))))
  (func $a3 (export "i32_natural_hint_odd_const") (result i32)   ;; => i32:0x2221201f
    (i32.load align=4 (i32.const 0xFFF)))
  (func $a4 (export "i64_natural_hint_across_page") (result i32)   ;; => i32:0x043c3c3c
    (call $fold (i64.load align=8 (call $id (i32.const 0xFFD)))))
  (func $a5 (export "i64_align1_on_aligned") (result i32)   ;; => i32:0x0c040404
    (call $fold (i64.load align=1 (call $id (i32.const 0x10)))))
  (func $a6 (export "f64_natural_hint_odd_address") (result i32)   ;; => i32:0x3c040404
    (call $fold (i64.reinterpret_f64 (f64.load align=8 (call $id (i32.const 0xFF9))))))
  (func $a7 (export "f32_natural_hint_odd_address") (result i32)   ;; => i32:0x1e1d1c1b
    (i32.reinterpret_f32 (f32.load align=4 (call $id (i32.const 0xFFB)))))
  (func $a8 (export "i32.load16_s_natural_hint_odd") (result i32)   ;; => i32:0x201f
    (i32.load16_s align=2 (call $id (i32.const 0xFFF))))
  (func $a9 (export "i64_store_natural_hint_odd") (result i32)   ;; => i32:0xcc444444
    (i64.store align=8 (call $id (i32.const 0xFFB)) (i64.const 0x8877665544332211))
    (call $fold (i64.load align=1 (i32.const 0xFFB))))
  (func $a10 (export "f64_store_natural_hint_odd") (result i32)   ;; => i32:0xcc444444
    (f64.store align=8 (call $id (i32.const 0xFFD)) (f64.reinterpret_i64 (i64.const 0x8877665544332211)))
    (call $fold (i64.load align=2 (i32.const 0xFFD))))
  (func $a11 (export "i32_store_offset_odd") (result i32)   ;; => i32:0x11223344
    (i32.store offset=3 align=4 (call $id (i32.const 0xFFE)) (i32.const 0x11223344))
    (i32.load align=1 (i32.const 0x1001)))
  ;; at the edge: misaligned and straddling, whatever the hint says
  (func $e1 (export "i64_natural_hint_straddling") (result i32)   ;; => trap: out of bounds memory access in $e1
    (call $fold (i64.load align=8 (call $id (i32.const 0xFFF9)))))
  (func $e2 (export "i64_align1_straddling") (result i32)   ;; => trap: out of bounds memory access in $e2
    (call $fold (i64.load align=1 (call $id (i32.const 0xFFFB)))))
  (func $e3 (export "i32_store_natural_hint_straddling")   ;; => trap: out of bounds memory access in $e3
    (i32.store align=4 (call $id (i32.const 0xFFFE)) (i32.const 1)))
  (func $e4 (export "i64_last_odd_fit") (result i32)   ;; => i32:0
    (call $fold (i64.load align=8 (call $id (i32.const 0xFFF7)))))
)
