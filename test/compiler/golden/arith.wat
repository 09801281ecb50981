;; Constants fold into immediates, locals into memory operands; div_s checks its divisor
;; for zero and -1 out of line.
(module
  (func (param i32 i32) (result i32)
    local.get 0 i32.const 5 i32.add local.get 1 i32.mul)
  (func (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.div_s))
