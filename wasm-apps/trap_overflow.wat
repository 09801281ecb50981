;; trap_overflow.wat — divides INT32_MIN by -1 in function $divide: "integer overflow"
;; (x86 raises #DE for it as for a zero divisor; the two traps are told apart).
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "overflow: dividing INT32_MIN by -1\n")
  (func $divide (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 35)))
    (drop (call $divide (i32.const 0x80000000) (i32.const -1)))))
