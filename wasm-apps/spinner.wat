;; spinner.wat — prints one line, then spins in $spin for ever without a single call: only
;; preemption by the timer lets anything else run. test/suite-sip.sh (interleave) runs it
;; beside two counters, and the kernel kills it at sip-deadline.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "spinner: spinning for ever, never yielding\n")
  (func $spin
    (loop $forever (br $forever)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 43)))
    (call $spin)))
