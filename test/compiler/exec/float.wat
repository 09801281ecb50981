;; Float lowerings where x86 and wasm disagree; results as bit patterns (exact).
;; CASE min_bits 0x80000000 0 => i32:2147483648
;; CASE min_bits 0 0x80000000 => i32:2147483648
;; CASE max_bits 0x80000000 0 => i32:0
;; CASE min_bits 0x7fc00001 0x3f800000 => i32:2143289345
;; CASE min_bits 0x3f800000 0x7fa00000 => i32:2145386496
;; CASE neg_bits 0x7fa00000 => i32:4288675840
;; CASE abs_bits 0xffc00000 => i32:2143289344
;; CASE copysign_bits 0x3f800000 0x80000000 => i32:3212836864
;; CASE nearest 2.5 => f64:2.000000
;; CASE nearest -3.5 => f64:-4.000000
;; CASE lt_nan 0x7fc00000 => i32:0
;; CASE ne_nan 0x7fc00000 => i32:1
(module
  (func (export "min_bits") (param i32 i32) (result i32)
    local.get 0 f32.reinterpret_i32 local.get 1 f32.reinterpret_i32 f32.min i32.reinterpret_f32)
  (func (export "max_bits") (param i32 i32) (result i32)
    local.get 0 f32.reinterpret_i32 local.get 1 f32.reinterpret_i32 f32.max i32.reinterpret_f32)
  (func (export "neg_bits") (param i32) (result i32)
    local.get 0 f32.reinterpret_i32 f32.neg i32.reinterpret_f32)
  (func (export "abs_bits") (param i32) (result i32)
    local.get 0 f32.reinterpret_i32 f32.abs i32.reinterpret_f32)
  (func (export "copysign_bits") (param i32 i32) (result i32)
    local.get 0 f32.reinterpret_i32 local.get 1 f32.reinterpret_i32 f32.copysign i32.reinterpret_f32)
  (func (export "nearest") (param f64) (result f64) local.get 0 f64.nearest)
  (func (export "lt_nan") (param i32) (result i32)
    local.get 0 f32.reinterpret_i32 f32.const 1 f32.lt)
  (func (export "ne_nan") (param i32) (result i32)
    local.get 0 f32.reinterpret_i32 local.get 0 f32.reinterpret_i32 f32.ne)
)
