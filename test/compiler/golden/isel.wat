;; Instruction selection: lea and imul with three operands read a local's register in
;; place; compares read a parameter's slot or swap a constant to the right; 0 - x is
;; neg; a local.tee'd value keeps its register while a copy of it is worked on.
(module
  (func (param i32 i32) (result i32) (local i32)
    local.get 0 local.tee 2 drop
    local.get 2 i32.const 16 i32.add
    local.get 2 local.get 1 i32.add i32.xor
    local.get 2 i32.const 3 i32.mul i32.xor
    local.get 2 i32.const 100 i32.mul i32.xor
    i32.const 0 local.get 2 i32.sub i32.xor)
  (func (param i32) (result i32)
    i32.const 10 local.get 0 i32.lt_u
    local.get 0 i32.eqz i32.or)
  (func (param f64 f64) (result f64) (local f64)
    local.get 0 local.get 1 f64.mul local.tee 2
    local.get 1 f64.add
    local.get 2 f64.mul
    local.get 2 f64.const 2 f64.gt
    f64.convert_i32_u f64.add))
