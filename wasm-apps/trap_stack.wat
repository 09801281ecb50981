;; trap_stack.wat — recurses without end in $recurse: the prologue's stack check ends it with
;; "call stack exhausted" long before the thread's stack runs out.
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "stack: recursing forever\n")
  (func $recurse (param $n i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 25)))
    (drop (call $recurse (i32.const 0)))))
