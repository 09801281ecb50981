;; trap_signature.wat — call_indirect a [i32] -> [i32] function as [] -> [] in $dispatch:
;; "indirect call type mismatch".
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
  (type $void (func))
  (table 1 funcref)
  (elem (i32.const 0) $square)
  (data (i32.const 0) "signature: call_indirect with the wrong type\n\00")
  (func $square (param $x i32) (result i32)
    (i32.mul (local.get $x) (local.get $x)))
  (func $dispatch (param $i i32)
    (call_indirect (type $void) (local.get $i)))
  (func $_start (export "_start")
    (call $print (i32.const 0))
    (call $dispatch (i32.const 0))))
