;; trap_unreachable.wat — executes `unreachable` in function $fail.
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
  (data (i32.const 0) "unreachable: about to execute unreachable\n\00")
  (func $fail (unreachable))
  (func $_start (export "_start")
    (call $print (i32.const 0))
    (call $fail)))
