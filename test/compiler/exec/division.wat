;; idiv's two faults against wasm's rules: div_s INT_MIN/-1 traps, rem_s gives 0.
;; CASE div_s 7 -2 => i32:4294967293
;; CASE div_s 0x80000000 -1 => error: integer overflow
;; CASE div_s 1 0 => error: integer divide by zero
;; CASE rem_s 0x80000000 -1 => i32:0
;; CASE rem_s -7 2 => i32:4294967295
;; CASE div_u 0xFFFFFFFF 2 => i32:2147483647
;; CASE rem_u 7 0 => error: integer divide by zero
;; CASE div_s64 0x8000000000000000 -1 => error: integer overflow
;; CASE rem_s64 0x8000000000000000 -1 => i64:0
;; CASE div_by_const 100 => i32:4294967271
;; CASE shifts 1 33 => i32:2
(module
  (func (export "div_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "rem_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)
  (func (export "div_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)
  (func (export "rem_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_u)
  (func (export "div_s64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_s)
  (func (export "rem_s64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rem_s)
  (func (export "div_by_const") (param i32) (result i32) local.get 0 i32.const -4 i32.div_s)
  ;; the count arrives in a register other than rcx while the value sits in rcx
  (func (export "shifts") (param i32 i32) (result i32)
    local.get 1 local.get 0 local.get 1 i32.shl i32.sub drop
    local.get 0 local.get 1 i32.shl)
)
