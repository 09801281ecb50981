;; trap_convert.wat — converts NaN to an integer in function $to_int: "invalid conversion to integer".
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
  (data (i32.const 0) "convert: truncating NaN to i32\n\00")
  (func $to_int (param $x f32) (result i32)
    (i32.trunc_f32_s (local.get $x)))
  (func $_start (export "_start")
    (call $print (i32.const 0))
    (drop (call $to_int (f32.div (f32.const 0) (f32.const 0))))))
