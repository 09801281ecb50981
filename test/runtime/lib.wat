;; A library other modules link against through atoll-run --register lib=lib.wasm.
(module
  (memory (export "mem") 1 2)
  (table (export "tab") 4 funcref)
  (global (export "counter") (mut i32) (i32.const 100))
  (global (export "answer") i64 (i64.const 42))
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $ten (result i32) (i32.const 10))
  (elem (i32.const 0) $ten)
  (func (export "peek") (result i32) (i32.load (i32.const 0)))
  (func (export "bump") (result i32)
    (global.set 0 (i32.add (global.get 0) (i32.const 1))) (global.get 0))
)
