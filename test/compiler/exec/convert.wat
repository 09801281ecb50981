;; Conversions: exact trapping ranges, saturation, unsigned 64-bit both ways.
;; CASE trunc_s 2147483647.5 => i32:2147483647
;; CASE trunc_s 2147483648 => error: integer overflow
;; CASE trunc_s -2147483648.9 => i32:2147483648
;; CASE trunc_s -2147483649 => error: integer overflow
;; CASE trunc_s nan => error: invalid conversion to integer
;; CASE trunc_u -0.9 => i32:0
;; CASE trunc_u -1 => error: integer overflow
;; CASE trunc_u64 18446744073709549568 => i64:18446744073709549568
;; CASE trunc_u64 9223372036854775808 => i64:9223372036854775808
;; CASE trunc_u64 18446744073709551616 => error: integer overflow
;; CASE sat_s 1e10 => i32:2147483647
;; CASE sat_s -1e10 => i32:2147483648
;; CASE sat_s nan => i32:0
;; CASE sat_u64 -5 => i64:0
;; CASE sat_u64 1e30 => i64:18446744073709551615
;; CASE sat_u64 1e19 => i64:10000000000000000000
;; CASE u64_to_f32_bits 0xFFFFFFFFFFFFFFFF => i32:1602224128
;; CASE u64_to_f32_bits 0x8000008000000001 => i32:1593835521
;; CASE u64_to_f64 0x8000000000000401 => f64:9223372036854777856.000000
(module
  (func (export "trunc_s") (param f64) (result i32) local.get 0 i32.trunc_f64_s)
  (func (export "trunc_u") (param f64) (result i32) local.get 0 i32.trunc_f64_u)
  (func (export "trunc_u64") (param f64) (result i64) local.get 0 i64.trunc_f64_u)
  (func (export "sat_s") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_s)
  (func (export "sat_u64") (param f64) (result i64) local.get 0 i64.trunc_sat_f64_u)
  (func (export "u64_to_f32_bits") (param i64) (result i32) local.get 0 f32.convert_i64_u i32.reinterpret_f32)
  (func (export "u64_to_f64") (param i64) (result f64) local.get 0 f64.convert_i64_u)
)
