;; trap_memory.wat — stores one byte past the end of its one-page memory in function $poke: the
;; access lands in the guard region, the page fault becomes "out of bounds memory access".
;; Like every trap_*.wat, it first writes one line (atoll.write, the text's length given),
;; and test/suite-sip.sh (configuration traps) checks the exact trap line and offset.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "memory: storing at 0x10000, just past the end of memory\n")
  (func $poke (param $addr i32)
    (i32.store8 (local.get $addr) (i32.const 1)))
  (func $_start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 56)))
    (call $poke (i32.const 0x10000))))
