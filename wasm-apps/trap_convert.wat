;; trap_convert.wat — converts NaN to an integer in function $to_int: "invalid conversion
;; to integer", caught by the range check the compiler puts around cvttsd2si.
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "convert: truncating NaN to i32\n")
  (func $to_int (param $x f32) (result i32)
    (i32.trunc_f32_s (local.get $x)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 31)))
    (drop (call $to_int (f32.div (f32.const 0) (f32.const 0))))))
