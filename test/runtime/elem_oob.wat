;; An element segment that does not fit fails instantiation.
(module
  (table 2 funcref)
  (func $f)
  (elem (i32.const 1) $f $f)
  (func (export "never") (result i32) (i32.const 1))
)
