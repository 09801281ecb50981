;; trap_start.wat — traps in its start function $init, before `_start` could run: the SIP still
;; ends alone, with its memory and code freed.
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
  (data (i32.const 0) "start: the start function divides by zero\n\00")
  (data (i32.const 64) "start: _start ran (wrong)\n\00")
  (func $init
    (call $print (i32.const 0))
    (drop (i32.div_u (i32.const 1) (i32.load (i32.const 128)))))
  (start $init)
  (func $_start (export "_start")
    (call $print (i32.const 64))))
