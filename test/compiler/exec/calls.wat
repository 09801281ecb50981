;; The calling convention: arguments and results in registers (the first six integers,
;; eight floats; two of each class back) and the rest in memory, in signature order per
;; class. Arguments that sit in each other's registers, more params or results than
;; registers of a class, call_indirect and results that come back through memory.
;; CASE mixed_direct 1 => f64:123456789.000000
;; CASE mixed_indirect 1 => f64:123456789.000000
;; CASE swap_args 3 4 => i32:43
;; CASE rotate_args 1 2 3 => i32:231
;; CASE many_results 5 => i64:5012345
;; CASE floats_back 1.5 => f64:24.500000
;; CASE recurse 10 => i64:55
;; CASE keep_param_reg 7 => i32:721
(module
  (type $mixed (func (param i32 f64 i64 f32 i32 i32 f64 i64 i32 f32 i32 f64 f64 f64 f64 f64 f64 f64 i32)
                     (result f64)))
  (table 1 funcref)
  (elem (i32.const 0) $mixed)
  ;; a digit per param, so that a param in the wrong place changes the answer
  (func $mixed (type $mixed)
    local.get 0 f64.convert_i32_s
    local.get 1 f64.const 10 f64.mul f64.add
    local.get 2 f64.convert_i64_s f64.const 100 f64.mul f64.add
    local.get 3 f64.promote_f32 f64.const 1000 f64.mul f64.add
    local.get 4 f64.convert_i32_s f64.const 10000 f64.mul f64.add
    local.get 5 f64.convert_i32_s f64.const 100000 f64.mul f64.add
    local.get 6 f64.const 1000000 f64.mul f64.add
    local.get 7 f64.convert_i64_s f64.const 10000000 f64.mul f64.add
    local.get 8 f64.convert_i32_s f64.const 100000000 f64.mul f64.add
    ;; params 9..18 must arrive too: they add 0 unless misplaced
    local.get 9 f64.promote_f32 f64.const 9 f64.sub f64.add
    local.get 10 i32.const 10 i32.sub f64.convert_i32_s f64.add
    local.get 11 f64.const 11 f64.sub f64.add
    local.get 12 f64.const 12 f64.sub f64.add
    local.get 13 f64.const 13 f64.sub f64.add
    local.get 14 f64.const 14 f64.sub f64.add
    local.get 15 f64.const 15 f64.sub f64.add
    local.get 16 f64.const 16 f64.sub f64.add
    local.get 17 f64.const 17 f64.sub f64.add
    local.get 18 i32.const 18 i32.sub f64.convert_i32_s f64.add)
  (func $args (param $k i32)
    (result i32 f64 i64 f32 i32 i32 f64 i64 i32 f32 i32 f64 f64 f64 f64 f64 f64 f64 i32)
    local.get $k i32.const 8 i32.add  ;; 9
    f64.const 8 i64.const 7 f32.const 6 i32.const 5
    local.get $k i32.const 3 i32.add  ;; 4
    f64.const 3 i64.const 2 i32.const 1
    f32.const 9 i32.const 10 f64.const 11 f64.const 12 f64.const 13 f64.const 14
    f64.const 15 f64.const 16 f64.const 17 i32.const 18)
  (func (export "mixed_direct") (param i32) (result f64)
    local.get 0 call $args call $mixed)
  (func (export "mixed_indirect") (param i32) (result f64)
    local.get 0 call $args i32.const 0 call_indirect (type $mixed))
  (func $digits2 (param i32 i32) (result i32)
    local.get 0 i32.const 10 i32.mul local.get 1 i32.add)
  (func $digits3 (param i32 i32 i32) (result i32)
    local.get 0 i32.const 100 i32.mul local.get 1 i32.const 10 i32.mul i32.add local.get 2 i32.add)
  ;; the params arrive in rdi, rsi (rdx): passing them on crossed is a cycle of moves
  (func (export "swap_args") (param i32 i32) (result i32)
    local.get 1 local.get 0 call $digits2)
  (func (export "rotate_args") (param i32 i32 i32) (result i32)
    local.get 1 local.get 2 local.get 0 call $digits3)
  ;; seven results: two in rax/rdx, the rest through the outgoing area
  (func $seven (param i64) (result i64 i64 i64 i64 i64 i64 i64)
    local.get 0 i64.const 0 i64.const 1 i64.const 2 i64.const 3 i64.const 4 i64.const 5)
  (func (export "many_results") (param i64) (result i64)
    (local i64)
    local.get 0 call $seven
    local.set 1 i64.const 10 i64.mul local.get 1 i64.add local.set 1
    i64.const 100 i64.mul local.get 1 i64.add local.set 1
    i64.const 1000 i64.mul local.get 1 i64.add local.set 1
    i64.const 10000 i64.mul local.get 1 i64.add local.set 1
    i64.const 100000 i64.mul local.get 1 i64.add local.set 1
    i64.const 1000000 i64.mul local.get 1 i64.add)
  ;; three float results: xmm0, xmm1 and a slot
  (func $three (param f64) (result f64 f64 f64)
    local.get 0 local.get 0 f64.const 2 f64.mul f64.const 20)
  (func (export "floats_back") (param f64) (result f64)
    local.get 0 call $three f64.add f64.add)
  (func $sum (export "recurse") (param i64) (result i64)
    local.get 0 i64.eqz if (result i64) i64.const 0
    else local.get 0 local.get 0 i64.const 1 i64.sub call $sum i64.add end)
  ;; a param read after a call that clobbered its register comes from its slot
  (func (export "keep_param_reg") (param i32) (result i32)
    local.get 0 i32.const 1 call $digits2 drop
    local.get 0 local.get 0 i32.const 100 i32.mul i32.add local.get 0 i32.const 1 i32.shl i32.add)
)
