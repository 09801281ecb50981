;; trap_divzero.wat — divides 7 by zero in function $divide (x86 would raise #DE): the
;; trap "integer divide by zero" ends this SIP alone. Part of the `make run` demo too.
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "divzero: dividing 7 by 0\n")
  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 25)))
    (drop (call $divide (i32.const 7) (i32.const 0)))))
