;; call_indirect's three checks, and an import called through its function reference.
;; CASE call 0 => i32:10
;; CASE call 1 => i32:20
;; CASE call 2 => error: indirect call type mismatch
;; CASE call 3 => error: uninitialized element
;; CASE call 4 => error: undefined element
;; CASE get_is_null 3 => i32:1
;; CASE get_is_null 9 => error: out of bounds table access
(module
  (type $ret (func (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $ten $twenty $wrong)
  (func $ten (result i32) i32.const 10)
  (func $twenty (result i32) i32.const 20)
  (func $wrong (param i32) (result i32) local.get 0)
  (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $ret))
  (func (export "get_is_null") (param i32) (result i32) local.get 0 table.get 0 ref.is_null)
)
