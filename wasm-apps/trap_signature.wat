;; trap_signature.wat — call_indirect a [i32] -> [i32] function as [] -> [] in $dispatch:
;; "indirect call type mismatch".
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (type $void (func))
  (table 1 funcref)
  (elem (i32.const 0) $square)
  (data (i32.const 0) "signature: call_indirect with the wrong type\n")
  (func $square (param $x i32) (result i32)
    (i32.mul (local.get $x) (local.get $x)))
  (func $dispatch (param $i i32)
    (call_indirect (type $void) (local.get $i)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 45)))
    (call $dispatch (i32.const 0))))
