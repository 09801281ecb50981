;; trap_memory.wat — stores one byte past the end of its one-page memory in function $poke: the
;; access lands in the guard region, the page fault becomes "out of bounds memory access".
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
  (data (i32.const 0) "memory: storing at 0x10000, just past the end of memory\n\00")
  (func $poke (param $addr i32)
    (i32.store8 (local.get $addr) (i32.const 1)))
  (func $_start (export "_start")
    (call $print (i32.const 0))
    (call $poke (i32.const 0x10000))))
