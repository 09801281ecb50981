;; bad_signature.wat — imports atoll.write with the wrong type, [i32] -> [i32] instead
;; of [i32 i32] -> [i32]: rejected at load, with both types in the message
;; (test/suite-sip.sh, configuration reject).
(module
  (import "atoll" "write" (func $write (param i32) (result i32)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0)))))
