;; More live values than registers (11 general, 15 XMM): the deepest register entries
;; spill to their slots and come back as memory operands.
;; CASE deep 1 => i32:324
;; CASE deepf 1 => f64:36.000000
(module
  (func (export "deep") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add local.get 0 i32.const 2 i32.add local.get 0 i32.const 3 i32.add local.get 0 i32.const 4 i32.add local.get 0 i32.const 5 i32.add local.get 0 i32.const 6 i32.add local.get 0 i32.const 7 i32.add local.get 0 i32.const 8 i32.add local.get 0 i32.const 9 i32.add local.get 0 i32.const 10 i32.add local.get 0 i32.const 11 i32.add local.get 0 i32.const 12 i32.add local.get 0 i32.const 13 i32.add local.get 0 i32.const 14 i32.add local.get 0 i32.const 15 i32.add local.get 0 i32.const 16 i32.add local.get 0 i32.const 17 i32.add local.get 0 i32.const 18 i32.add local.get 0 i32.const 19 i32.add local.get 0 i32.const 20 i32.add local.get 0 i32.const 21 i32.add local.get 0 i32.const 22 i32.add local.get 0 i32.const 23 i32.add local.get 0 i32.const 24 i32.add
    i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add i32.add)
  (func (export "deepf") (param i32) (result f64) (local f64)
    local.get 0 f64.convert_i32_s local.set 1
    local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add local.get 1 local.get 1 f64.add
    f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add f64.add)
)
