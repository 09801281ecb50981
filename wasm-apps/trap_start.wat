;; trap_start.wat — traps in its start function $init, before `_start` could run: the SIP still
;; ends alone, with its memory and code freed.
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "start: the start function divides by zero\n")
  (data (i32.const 64) "start: _start ran (wrong)\n")
  (func $init
    (drop (call $write (i32.const 0) (i32.const 42)))
    (drop (i32.div_u (i32.const 1) (i32.load (i32.const 128)))))
  (start $init)
  (func $_start (export "_start")
    (drop (call $write (i32.const 64) (i32.const 26)))))
