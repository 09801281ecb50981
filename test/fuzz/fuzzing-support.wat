;; fuzzing-support.wat — the logging imports of binaryen's translate-to-fuzz modules,
;; written in wasm so that wabt's spectest-interp and Atoll run the very same code.
;;
;; Each log-T forwards to the `spectest` module's print functions, whose calls both
;; engines report. wabt prints floats with "%f", which loses bits, so floats travel as
;; their bit patterns in integers; a distinct print function marks each float type:
;;   log-i32 x -> print_i32(x)
;;   log-i64 x -> print_i64(x)
;;   log-f32 x -> print_i32_f32(bits(x), x)          one line: the i32 carries the bits
;;   log-f64 x -> print_f64_f64(x, x), print_i64(bits(x))   a marker line, then the bits
(module
  (import "spectest" "print_i32" (func $print_i32 (param i32)))
  (import "spectest" "print_i64" (func $print_i64 (param i64)))
  (import "spectest" "print_i32_f32" (func $print_i32_f32 (param i32 f32)))
  (import "spectest" "print_f64_f64" (func $print_f64_f64 (param f64 f64)))

  (func (export "log-i32") (param i32)
    (call $print_i32 (local.get 0)))

  (func (export "log-i64") (param i64)
    (call $print_i64 (local.get 0)))

  (func (export "log-f32") (param f32)
    (call $print_i32_f32 (i32.reinterpret_f32 (local.get 0)) (local.get 0)))

  (func (export "log-f64") (param f64)
    (call $print_f64_f64 (local.get 0) (local.get 0))
    (call $print_i64 (i64.reinterpret_f64 (local.get 0)))))
