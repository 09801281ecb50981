;; spinner.wat — prints one line, then spins in $spin for ever without a single call: only
;; preemption by the timer lets anything else run.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (func $print (param $s i32)   ;; write the NUL-terminated string at $s
    (local $n i32)
    (block $done
      (loop $scan
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $s) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $scan)))
    (drop (call $write (local.get $s) (local.get $n))))
  (data (i32.const 0) "spinner: spinning for ever, never yielding\n\00")
  (func $spin
    (loop $forever (br $forever)))
  (func $_start (export "_start")
    (call $print (i32.const 0))
    (call $spin)))
