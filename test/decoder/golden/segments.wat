;; Every element segment encoding (flags 0-7), both data segment modes, imports of each
;; kind, a global initialized from an imported global, exports, start, and names.
(module $golden
  (type $v (func))
  (type $ii (func (param i32 i64) (result f32 f64)))
  (import "env" "f" (func $imported (type $ii)))
  (import "env" "t" (table $t0 2 funcref))
  (import "env" "m" (memory 1 2))
  (import "env" "g" (global $gi i32))
  (table $t1 3 10 externref)
  (table $t2 4 funcref)
  (global $g1 (mut i32) (global.get $gi))
  (global $g2 funcref (ref.func $c))
  (global $g3 f64 (f64.const 1.5))
  (func $a (type $v))
  (func $b (type $v))
  (func $c (type $v))
  (func $d (type $v))
  (func $e (type $v))
  (elem (i32.const 0) $a)                                ;; flags 0
  (elem func $b)                                         ;; flags 1
  (elem (table $t2) (i32.const 1) func $a $b)            ;; flags 2
  (elem declare func $d)                                 ;; flags 3
  (elem (i32.const 1) funcref (ref.null func))           ;; flags 4
  (elem externref (ref.null extern))                     ;; flags 5
  (elem (table $t1) (global.get $gi) externref (ref.null extern)) ;; flags 6
  (elem declare funcref (ref.func $a))                   ;; flags 7
  (data (i32.const 8) "hello")
  (data "passive")
  (export "a" (func $a))
  (export "mem" (memory 0))
  (export "g1" (global $g1))
  (export "t1" (table $t1))
  (start $a)
)
