;; trap_undefined.wat — call_indirect through element 7 of a table of 2 in $dispatch:
;; "undefined element".
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (type $void (func))
  (table 2 funcref)
  (elem (i32.const 0) $nothing)
  (data (i32.const 0) "undefined: call_indirect element 7 of a table of 2\n")
  (func $nothing)
  (func $dispatch (param $i i32)
    (call_indirect (type $void) (local.get $i)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 51)))
    (call $dispatch (i32.const 7))))
