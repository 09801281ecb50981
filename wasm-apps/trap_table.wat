;; trap_table.wat — reads element 5 of a table of 2 in function $peek: "out of bounds table access".
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
  (table $t 2 funcref)
  (data (i32.const 0) "table: table.get 5 of a table of 2\n\00")
  (func $peek (param $i i32) (result funcref)
    (table.get $t (local.get $i)))
  (func $_start (export "_start")
    (call $print (i32.const 0))
    (drop (call $peek (i32.const 5)))))
