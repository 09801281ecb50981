;; Merges: loop and if params (constants included), br_table to labels at different
;; heights (stubs), br_if with values below the target, multi-value blocks.
;; CASE loop_const_param 5 => i32:15
;; CASE if_params 1 => i32:7
;; CASE if_params 0 => i32:4294967295
;; CASE table 0 => i32:105
;; CASE table 1 => i32:102
;; CASE table 2 => i32:103
;; CASE table 9 => i32:100
;; CASE br_if_below 1 => i32:42
;; CASE br_if_below 0 => i32:7
;; CASE multi 3 => i32:3, i64:4, f64:0.500000
;; CASE fused_moves 1 => i32:9
;; CASE fused_moves 7 => i32:5
;; CASE flt nan => i32:0
;; CASE flt 0.5 => i32:1
;; CASE fnot_lt nan => i32:1
;; CASE fge nan => i32:0
;; CASE fge 1 => i32:1
;; CASE select_const 4 => i32:4
;; CASE select_flags 1 => i32:0
;; CASE select_flags 9 => i32:7
;; CASE select_flags64 0x2000000000000000 => i64:0
;; CASE select_flags64 3 => i64:3
;; CASE select_flagsf 2 => f64:0.000000
;; CASE select_flagsf 0.5 => f64:0.500000
;; CASE wrap_local 0x1234567800000009 => i32:10
(module
  (func (export "loop_const_param") (param i32) (result i32)
    i32.const 0 local.get 0
    loop (param i32 i32) (result i32)
      ;; acc n -> acc+n n-1, until n = 0
      local.set 0 local.get 0 i32.add
      local.get 0 i32.const 1 i32.sub local.tee 0
      local.get 0 br_if 0
      drop end)
  (func (export "if_params") (param i32) (result i32)
    i32.const 3 i32.const 4 local.get 0
    if (param i32 i32) (result i32) i32.add else i32.sub i32.const -1 i32.add i32.const 1 i32.add i32.const 0 i32.add drop i32.const -1 end)
  (func (export "table") (param i32) (result i32)
    block (result i32)            ;; height 0
      block (result i32)          ;; height 0
        i32.const 5               ;; stays below the inner block
        block (result i32)        ;; height 1
          i32.const 100 local.get 0 br_table 0 1 2 3
        end
        i32.add return            ;; 105
      end
      i32.const 2 i32.add return  ;; 102: the value moved down one slot by a stub
    end
    i32.const 3 i32.add)          ;; 103
  (func (export "br_if_below") (param i32) (result i32)
    block (result i32)
      i32.const 1 i32.const 2 i32.const 42 local.get 0 br_if 0
      drop drop drop i32.const 7
    end)
  (func (export "multi") (param i32) (result i32 i64 f64)
    block (result i32 i64 f64)
      local.get 0 i64.const 4 f64.const 0.5 br 0
    end)
  ;; a comparison in the flags decides a branch whose value must move down a slot
  (func (export "fused_moves") (param i32) (result i32)
    block (result i32)
      i32.const 5 i32.const 9 local.get 0 i32.const 3 i32.lt_s br_if 0
      drop
    end)
  ;; ordered float comparisons jump on ucomisd's flags: false on NaN
  (func (export "flt") (param f64) (result i32)
    local.get 0 f64.const 1 f64.lt if (result i32) i32.const 1 else i32.const 0 end)
  (func (export "fnot_lt") (param f64) (result i32)
    local.get 0 f64.const 1 f64.lt i32.eqz if (result i32) i32.const 1 else i32.const 0 end)
  (func (export "fge") (param f64) (result i32)
    i32.const 1 local.get 0 f64.const 1 f64.ge br_if 0 drop i32.const 0)
  (func (export "select_const") (param i32) (result i32)
    i32.const 1 local.get 0 i32.const 0 select)
  ;; select on a comparison's flags; constants 0 must load without xor
  (func (export "select_flags") (param i32) (result i32)
    i32.const 0 i32.const 7 local.get 0 i32.const 5 i32.lt_s select)
  (func (export "select_flags64") (param i64) (result i64)
    i64.const 0 local.get 0 local.get 0 i64.const 0x1ffffffffffffffe i64.gt_u select)
  (func (export "select_flagsf") (param f64) (result f64)
    f64.const 0 local.get 0 local.get 0 f64.const 1 f64.ge select)
  (func (export "wrap_local") (param i64) (result i32)
    local.get 0 i32.wrap_i64 i32.const 1 i32.add)
)
