;; A start function runs once, before any export, and may call the host.
(module
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 5))
  (func $start
    (call $print_i32 (global.get $g))
    (global.set $g (i32.mul (global.get $g) (i32.const 7)))
    (i32.store (i32.const 8) (i32.const 99)))
  (start $start)
  (func (export "g") (result i32) (global.get $g))
  (func (export "stored") (result i32) (i32.load (i32.const 8)))
)
