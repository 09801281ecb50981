;; trap_unreachable.wat — executes `unreachable` in function $fail: the simplest trap,
;; a call to the trap path the compiler emits for the instruction.
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "unreachable: about to execute unreachable\n")
  (func $fail (unreachable))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 42)))
    (call $fail)))
