;; elem_oob — an active element segment that ends past its table: instantiation traps.
;; module => instantiation trap: out of bounds table access
(module
  (table 2 funcref)
  (elem (i32.const 1) $f $f)
  (func $f)
  (func $_start (export "_start") (result i32) (i32.const 99))
)
