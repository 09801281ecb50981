;; A data segment that does not fit fails instantiation.
(module
  (memory 1)
  (data (i32.const 0) "ok")
  (data (i32.const 65535) "ab")
  (func (export "never") (result i32) (i32.const 1))
)
