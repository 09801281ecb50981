;; victim — the instance isolation.wat attacks on the host: a memory of its own (not
;; exported) that its start function fills with a pattern, a function that says whether
;; every byte of it is still that pattern, and a table of its own functions (exported:
;; sharing a table is allowed, and calls through it must still check types).
;; gallery: helper
(module
  (memory 2 2)
  (table $tab (export "tab") 2 funcref)
  (elem (i32.const 0) $secret $intact)
  (func $byte (param $i i32) (result i32)   ;; the pattern: byte i is (i * 7 + 3) mod 256
    (i32.and (i32.add (i32.mul (local.get $i) (i32.const 7)) (i32.const 3)) (i32.const 255)))
  (func $fill (local $i i32)
    (loop $next
      (i32.store8 (local.get $i) (call $byte (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 0x20000)))))
  (start $fill)
  (func $secret (param i64) (result i64) (i64.const 0x5ec2e7))
  (func $intact (export "intact") (result i32) (local $i i32)
    (loop $next
      (if (i32.ne (i32.load8_u (local.get $i)) (call $byte (local.get $i)))
        (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 0x20000))))
    (i32.const 1))
)
