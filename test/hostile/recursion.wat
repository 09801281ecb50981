;; recursion — unbounded recursion of every shape must end in "call stack exhausted",
;; raised by a function's prologue before its frame overflows the stack: direct, through
;; a table (call_indirect), mutual (three functions in a ring), with big frames (320
;; i64 locals each, 2.5 KB) and with many arguments. A deep but bounded recursion (1,000
;; calls) must still return the right answer. The kernel gives a SIP a 256 KiB stack, the
;; host 8 MiB: both must stop cleanly.
(module
  (type $rec (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $through_table)
  (func $direct (param i32) (result i32)
    (i32.add (call $direct (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $through_table (type $rec)
    (i32.add (call_indirect (type $rec) (local.get 0) (i32.const 0)) (i32.const 1)))
  (func $ring_a (param i32) (result i32) (call $ring_b (i32.add (local.get 0) (i32.const 1))))
  (func $ring_b (param i32) (result i32) (call $ring_c (i32.add (local.get 0) (i32.const 2))))
  (func $ring_c (param i32) (result i32) (call $ring_a (i32.add (local.get 0) (i32.const 3))))
  (func $big_frame (param $n i32) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local.set 1 (i64.extend_i32_u (local.get $n)))
    (i64.add (local.get 1) (call $big_frame (i32.add (local.get $n) (i32.const 1)))))
  (func $many_args (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (call $many_args (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5)
                     (local.get 6) (local.get 7) (local.get 8) (local.get 9) (local.get 10)
                     (local.get 11) (local.get 12) (local.get 13) (local.get 14) (local.get 15)
                     (local.get 0)))
  (func $count (param i32) (result i32)   ;; bounded: n calls deep, returns n
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (call $count (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func $r1 (export "direct") (result i32)   ;; => trap: call stack exhausted in $direct
    (call $direct (i32.const 0)))
  (func $r2 (export "through_table") (result i32)   ;; => trap: call stack exhausted in $through_table
    (call $through_table (i32.const 0)))
  (func $r3 (export "mutual_ring") (result i32)   ;; => trap: call stack exhausted
    (call $ring_a (i32.const 0)))
  (func $r4 (export "big_frames") (result i32)   ;; => trap: call stack exhausted in $big_frame
    (i32.wrap_i64 (call $big_frame (i32.const 0))))
  (func $r5 (export "many_args") (result i32)   ;; => trap: call stack exhausted in $many_args
    (i32.wrap_i64 (call $many_args (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4)
      (i64.const 5) (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (i64.const 10)
      (i64.const 11) (i64.const 12) (i64.const 13) (i64.const 14) (i64.const 15) (i64.const 16))))
  (func $r6 (export "bounded_1000_deep") (result i32)   ;; => i32:1000
    (call $count (i32.const 1000)))
)
