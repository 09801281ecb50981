;; Instruction selection (x64_int.c, x64_float.c, x64_operand.c): three-operand lea and
;; imul from a local's register, multiplications by 3/5/9 and powers of two, 0 - x as
;; neg, comparisons reading memory or a local's register and swapping a constant left
;; operand, results computed beside a register that keeps caching a local.tee'd value,
;; float operations reading memory and the constant pool. Each case crosses a wrap-around
;; or a sign boundary (results checked against V8). Loads and masks feed conditions
;; of each kind (br_if, if, select, eqz) and values, and loads still trap.
;; CASE lea_add 1 2 => i32:4294967207
;; CASE lea_add 0x7fffffff 0x7fffffff => i32:2147483541
;; CASE lea_add 0xfffffff0 0x8 => i32:4294967180
;; CASE lea_sub 3 => i32:4294967294
;; CASE lea_sub 0x80000004 => i32:2147483647
;; CASE lea_sub64 3 => i64:18446744071562067971
;; CASE lea_sub64 0x7fffffffffffffff => i64:9223372034707292159
;; CASE neg 5 7 => i32:4294967279
;; CASE neg 0x80000000 0 => i32:0
;; CASE neg64 5 => i64:18446744073709551611
;; CASE mul_const 7 => i32:2147492095
;; CASE mul_const 0x12345679 => i32:85900779
;; CASE mul_const64 0x123456789 => i64:5247073849587687900
;; CASE mul_mem 0x40000001 => i32:3221225479
;; CASE mul_mem64 3 => i64:21
;; CASE cmp_swapped 4 => i32:818
;; CASE cmp_swapped 5 => i32:961
;; CASE cmp_swapped 6 => i32:206
;; CASE cmp_swapped 0xffffffff => i32:410
;; CASE cmp_mem 9 3 => i32:27
;; CASE cmp_mem 10 3 => i32:18
;; CASE cmp_mem 0 0 => i32:69
;; CASE cmp_mem64 0xffffffff => i32:1
;; CASE cmp_mem64 0x100000000 => i32:0
;; CASE lea_zext 0xf0000000 => i64:7516192767
;; CASE load_wrap 0xfffffffc => i32:1234
;; CASE load_wrap 0 => i32:0
;; CASE load_br_if 16 => i32:2
;; CASE load_br_if 17 => i32:1
;; CASE load_br_if 65536 => error: out of bounds memory access
;; CASE load_select 16 => i32:7
;; CASE load_select 19 => i32:9
;; CASE load_eqz 16 => i32:0
;; CASE load_eqz 20 => i32:1
;; CASE load_eqz 65533 => error: out of bounds memory access
;; CASE load_if 17 => i32:3
;; CASE load_if 19 => i32:4
;; CASE load_value 17 => i32:384
;; CASE load_value 18 => i32:3
;; CASE and_cond 0x101 => i32:3111
;; CASE and_cond 0xf6 => i32:3460
;; CASE and_cond 0xfffffffe => i32:1360
;; CASE tee_kept 3 4 => i32:91
;; CASE tee_kept 0xffffffff 1 => i32:0
;; CASE wrap_lea 0x12345678ffffffff => i32:5
;; CASE unary_kept 0x80 => i32:28
;; CASE fcmp_const 2.5 => i32:42
;; CASE fcmp_const 3 => i32:19
;; CASE fcmp_const nan => i32:64
;; CASE fcmp_mem 1 2 => i32:3
;; CASE fcmp_mem 2 1 => i32:12
;; CASE fcmp_mem nan 1 => i32:0
;; CASE ftee_kept 1.5 2 => f64:9.500000
;; CASE ftee_kept32 1.5 2 => f32:9.500000
;; CASE fsqrt_kept 16 => f64:20.000000
(module
  ;; x + y stays in local 2's register; lea reads it three times (+ const, + reg, - const)
  (func (export "lea_add") (param i32 i32) (result i32) (local i32)
    local.get 0 local.get 1 i32.add local.set 2
    local.get 2 i32.const 100 i32.add
    local.get 2 local.get 1 i32.add i32.add
    local.get 2 i32.const -200 i32.add i32.add)
  (func (export "lea_sub") (param i32) (result i32) (local i32)
    local.get 0 local.tee 1 drop          ;; local 1 now in a register
    local.get 1 i32.const 5 i32.sub)
  (func (export "lea_sub64") (param i64) (result i64) (local i64)
    local.get 0 local.tee 1 drop          ;; local 1 now in a register
    local.get 1 i64.const 2147483648 i64.sub)
  ;; 0 - x: of a register the instruction owns, and of a local's register
  (func (export "neg") (param i32 i32) (result i32) (local i32)
    local.get 0 local.tee 2 drop
    i32.const 0 local.get 0 local.get 1 i32.add i32.sub
    i32.const 0 local.get 2 i32.sub i32.add)
  (func (export "neg64") (param i64) (result i64) (local i64)
    local.get 0 local.tee 1 drop          ;; local 1 now in a register
    i64.const 0 local.get 1 i64.sub)
  ;; x*3 + x*5 + x*9 + x*2 + x*8 + x*16 + x*7 + x*-1 + x*0x80000000 (x in a register)
  (func (export "mul_const") (param i32) (result i32) (local i32)
    local.get 0 local.tee 1 drop          ;; local 1 now in a register
    local.get 1 i32.const 3 i32.mul
    local.get 1 i32.const 5 i32.mul i32.add
    i32.const 9 local.get 1 i32.mul i32.add
    local.get 1 i32.const 2 i32.mul i32.add
    local.get 1 i32.const 8 i32.mul i32.add
    local.get 1 i32.const 16 i32.mul i32.add
    local.get 1 i32.const 7 i32.mul i32.add
    local.get 1 i32.const -1 i32.mul i32.add
    local.get 1 i32.const 0x80000000 i32.mul i32.add
    ;; and of values the instruction owns
    local.get 1 i32.const 1 i32.add i32.const 9 i32.mul i32.add
    local.get 1 i32.const 1 i32.add i32.const 4 i32.mul i32.add
    local.get 1 i32.const 1 i32.add i32.const 1000 i32.mul i32.add)
  (func (export "mul_const64") (param i64) (result i64) (local i64)
    local.get 0 local.tee 1 drop          ;; local 1 now in a register
    local.get 1 i64.const 3 i64.mul
    local.get 1 i64.const 0x40000000 i64.mul i64.add
    local.get 1 i64.const -7 i64.mul i64.add)
  ;; a parameter read once: imul from its slot
  (func (export "mul_mem") (param i32) (result i32)
    local.get 0 i32.const 7 i32.mul)
  (func (export "mul_mem64") (param i64) (result i64)
    local.get 0 i64.const 7 i64.mul)
  ;; the ten i32 comparisons of 5 against x, constant on the left: bit k is the k-th
  (func (export "cmp_swapped") (param i32) (result i32) (local i32)
    local.get 0 local.tee 1 drop          ;; local 1 now in a register
    i32.const 5 local.get 1 i32.eq
    i32.const 5 local.get 1 i32.ne i32.const 1 i32.shl i32.or
    i32.const 5 local.get 1 i32.lt_s i32.const 2 i32.shl i32.or
    i32.const 5 local.get 1 i32.lt_u i32.const 3 i32.shl i32.or
    i32.const 5 local.get 1 i32.gt_s i32.const 4 i32.shl i32.or
    i32.const 5 local.get 1 i32.gt_u i32.const 5 i32.shl i32.or
    i32.const 5 local.get 1 i32.le_s i32.const 6 i32.shl i32.or
    i32.const 5 local.get 1 i32.le_u i32.const 7 i32.shl i32.or
    i32.const 5 local.get 1 i32.ge_s i32.const 8 i32.shl i32.or
    i32.const 5 local.get 1 i32.ge_u i32.const 9 i32.shl i32.or)
  ;; parameters compared in their slots: against a constant, a register, zero
  (func (export "cmp_mem") (param i32 i32) (result i32)
    local.get 0 i32.const 10 i32.lt_u
    local.get 0 local.get 1 i32.const 1 i32.add i32.gt_s i32.const 1 i32.shl i32.or
    local.get 1 i32.eqz i32.const 2 i32.shl i32.or
    local.get 0 i32.const 9 i32.eq i32.const 3 i32.shl i32.or
    local.get 1 i32.const 0 i32.ne i32.const 4 i32.shl i32.or
    i32.const 0 local.get 0 i32.ge_s i32.const 6 i32.shl i32.or)
  (func (export "cmp_mem64") (param i64) (result i32)
    local.get 0 i64.const 0x100000000 i64.lt_u)
  ;; 32-bit sums and products wrap and stay zero-extended: extend_i32_u adds no carry
  (func (export "lea_zext") (param i32) (result i64) (local i32)
    local.get 0 local.tee 1 drop
    local.get 1 i32.const 0x7fffffff i32.add i64.extend_i32_u
    local.get 1 i32.const 9 i32.mul i64.extend_i32_u i64.add
    local.get 1 local.get 1 i32.add i64.extend_i32_u i64.add)
  ;; an address computed by lea wraps at 4 GiB as wasm's does: -4 + 12 is 8
  (memory 1)
  (func (export "load_wrap") (param i32) (result i32) (local i32)
    i32.const 8 i32.const 1234 i32.store
    local.get 0 local.tee 1 drop
    local.get 1 i32.const 12 i32.add i32.load)
  ;; bytes 16.. are 00 80 01 00 00: loads of each size used as conditions
  (data (i32.const 16) "\00\80\01\00\00")
  (func (export "load_br_if") (param i32) (result i32)
    block (result i32)
      i32.const 1
      local.get 0 i32.load8_s br_if 0
      drop i32.const 2
    end)
  (func (export "load_select") (param i32) (result i32)
    i32.const 7 i32.const 9 local.get 0 i32.load16_s select)
  (func (export "load_eqz") (param i32) (result i32)
    local.get 0 i32.load i32.eqz)
  (func (export "load_if") (param i32) (result i32)
    local.get 0 i32.load16_u
    if (result i32) i32.const 3 else i32.const 4 end)
  ;; the same loads used as values
  (func (export "load_value") (param i32) (result i32)
    local.get 0 i32.load8_u local.get 0 i32.load8_s i32.add
    local.get 0 i32.load16_s i32.add)
  ;; x & mask as a condition (if, eqz, select, br_if) and as a value
  (func (export "and_cond") (param i32) (result i32) (local i32)
    local.get 0 local.tee 1 drop
    local.get 1 i32.const 0x100 i32.and
    if (result i32) i32.const 100 else i32.const 200 end
    local.get 1 i32.const 6 i32.and i32.eqz i32.add
    i32.const 10 i32.const 20 local.get 1 i32.const 1 i32.and select i32.add
    block (result i32)
      i32.const 1000
      local.get 1 i32.const 0x80000000 i32.and br_if 0
      drop i32.const 3000
    end i32.add
    local.get 1 i32.const 0xf0 i32.and i32.add)
  ;; a local.tee'd sum is used by a multiply and read again afterwards
  (func (export "tee_kept") (param i32 i32) (result i32) (local i32)
    local.get 0 local.get 1 i32.add local.tee 2
    local.get 1 i32.mul
    local.get 2 i32.const 3 i32.shl i32.add
    local.get 2 i32.add)
  ;; the low half of an i64 local's register, through lea
  (func (export "wrap_lea") (param i64) (result i32) (local i64)
    local.get 0 local.tee 1 drop          ;; local 1 now in a register
    local.get 1 i32.wrap_i64 i32.const 6 i32.add)
  ;; clz, popcnt and extend8_s of a tee'd local, which stays in its register
  (func (export "unary_kept") (param i32) (result i32) (local i32)
    local.get 0 i32.const 1 i32.add local.tee 1 i32.clz
    local.get 1 i32.popcnt i32.add
    local.get 1 i32.extend8_s i32.add
    local.get 1 i32.add)
  ;; f64 comparisons with a constant on either side (bit per comparison)
  (func (export "fcmp_const") (param f64) (result i32) (local f64)
    local.get 0 local.tee 1 drop          ;; local 1 now in a register
    local.get 1 f64.const 2.5 f64.gt
    local.get 1 f64.const 2.5 f64.ge i32.const 1 i32.shl i32.or
    local.get 1 f64.const 2.5 f64.lt i32.const 2 i32.shl i32.or
    local.get 1 f64.const 2.5 f64.le i32.const 3 i32.shl i32.or
    f64.const 2.5 local.get 1 f64.lt i32.const 4 i32.shl i32.or
    f64.const 2.5 local.get 1 f64.ge i32.const 5 i32.shl i32.or
    local.get 1 local.get 1 f64.ne i32.const 6 i32.shl i32.or)
  ;; parameters compared in their slots
  (func (export "fcmp_mem") (param f64 f64) (result i32)
    local.get 0 local.get 1 f64.lt
    local.get 0 local.get 1 f64.le i32.const 1 i32.shl i32.or
    f32.const 1 local.get 0 f32.demote_f64 f32.lt i32.const 2 i32.shl i32.or
    local.get 0 local.get 1 f64.gt i32.const 3 i32.shl i32.or)
  ;; x*y (tee'd) + (x*y)*... with the tee'd register kept for the later reads
  (func (export "ftee_kept") (param f64 f64) (result f64) (local f64)
    local.get 0 local.get 1 f64.mul local.tee 2
    local.get 1 f64.add
    local.get 2 f64.const 0.5 f64.mul f64.add
    local.get 2 f64.add)
  (func (export "ftee_kept32") (param f32 f32) (result f32) (local f32)
    local.get 0 local.get 1 f32.mul local.tee 2
    local.get 1 f32.add
    local.get 2 f32.const 0.5 f32.mul f32.add
    local.get 2 f32.add)
  (func (export "fsqrt_kept") (param f64) (result f64) (local f64)
    local.get 0 local.tee 1 f64.sqrt
    local.get 1 f64.add))
