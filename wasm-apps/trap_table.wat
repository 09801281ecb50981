;; trap_table.wat — reads element 5 of a table of 2 in function $peek: "out of bounds
;; table access", caught by the bounds check of table.get.
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (table $t 2 funcref)
  (data (i32.const 0) "table: table.get 5 of a table of 2\n")
  (func $peek (param $i i32) (result funcref)
    (table.get $t (local.get $i)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 35)))
    (drop (call $peek (i32.const 5)))))
