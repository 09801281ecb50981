;; mem_partial — a trapping access writes nothing: not the part of a store that would
;; fit before the edge, not the first bytes of a fill, copy or init whose end is out of
;; bounds. The stores below straddle the edge of a one-page memory; after each, the
;; memory's last 8 bytes must still be f1..f8 (x86 checks both pages of a store that
;; crosses into the guard before it writes either; bounds-check mode checks first).
;; The host calls the exports in order, in one instance: each "intact" check comes
;; after the traps before it.
;; host: run-all
;; kernel: skip (a trap ends the SIP: nothing can look at its memory afterwards)
(module
  (memory 1)
  (data (i32.const 0xFFF8) "\f1\f2\f3\f4\f5\f6\f7\f8")
  (data $seg "0123456789abcdef")
  (func $id (param i32) (result i32) (local.get 0))
  (func $intact (result i32)
    (i64.eq (i64.load (i32.const 0xFFF8)) (i64.const 0xf8f7f6f5f4f3f2f1)))
  (func $s16 (export "i32.store16_straddling")   ;; => trap: out of bounds memory access in $s16
    (i32.store16 (call $id (i32.const 0xFFFF)) (i32.const -1)))
  (func $c1 (export "intact_after_store16") (result i32) (call $intact))   ;; => i32:1
  (func $s32 (export "i32.store_straddling")   ;; => trap: out of bounds memory access in $s32
    (i32.store (call $id (i32.const 0xFFFD)) (i32.const -1)))
  (func $c2 (export "intact_after_store32") (result i32) (call $intact))   ;; => i32:1
  (func $s64 (export "i64.store_straddling_by_1")   ;; => trap: out of bounds memory access in $s64
    (i64.store (call $id (i32.const 0xFFF9)) (i64.const -1)))
  (func $c3 (export "intact_after_store64") (result i32) (call $intact))   ;; => i32:1
  (func $s64b (export "i64.store_straddling_by_7")   ;; => trap: out of bounds memory access in $s64b
    (i64.store offset=0xFFFF (i32.const 0) (i64.const -1)))
  (func $c4 (export "intact_after_store64b") (result i32) (call $intact))   ;; => i32:1
  (func $sf64 (export "f64.store_straddling")   ;; => trap: out of bounds memory access in $sf64
    (f64.store (call $id (i32.const 0xFFFC)) (f64.const -1)))
  (func $c5 (export "intact_after_f64_store") (result i32) (call $intact))   ;; => i32:1
  (func $fill (export "fill_straddling")   ;; => trap: out of bounds memory access in $fill
    (memory.fill (i32.const 0xFFF8) (i32.const 0) (i32.const 9)))
  (func $c6 (export "intact_after_fill") (result i32) (call $intact))   ;; => i32:1
  (func $copy (export "copy_straddling")   ;; => trap: out of bounds memory access in $copy
    (memory.copy (i32.const 0xFFF8) (i32.const 0) (i32.const 9)))
  (func $c7 (export "intact_after_copy") (result i32) (call $intact))   ;; => i32:1
  (func $init (export "init_straddling")   ;; => trap: out of bounds memory access in $init
    (memory.init $seg (i32.const 0xFFF8) (i32.const 0) (i32.const 9)))
  (func $c8 (export "intact_after_init") (result i32) (call $intact))   ;; => i32:1
  (func $init2 (export "init_past_segment")   ;; => trap: out of bounds memory access in $init2
    (memory.init $seg (i32.const 0xFFF8) (i32.const 8) (i32.const 9)))
  (func $c9 (export "intact_after_init_past_segment") (result i32) (call $intact))   ;; => i32:1
)
