;; mem_move — growing a memory that has no maximum. In bounds-check mode such a memory
;; lives in a mapping just big enough, and memory.grow may move it: the old mapping is
;; gone, so compiled code must never use the old base (r14) or the old size after a grow,
;; whether the grow happened here, in a callee, through a table, or on each turn of a
;; loop. A stale base would read freed memory, or whatever was mapped there since.
(module
  (memory 1)
  (type $v (func))
  (table 1 funcref)
  (elem (i32.const 0) $grow_far)
  (func $id (param i32) (result i32) (local.get 0))
  (func $grow_far (drop (memory.grow (i32.const 200))))          ;; 12.5 MiB more
  (func $mark (i32.store (i32.const 0xFFF0) (i32.const 0x600dcafe)))
  (func $m1 (export "grow_here_then_old_data") (result i32)   ;; => i32:0x600dcafe
    (call $mark)
    (drop (memory.grow (i32.const 200)))
    (i32.load (i32.const 0xFFF0)))
  (func $m2 (export "grow_in_callee_then_old_data") (result i32)   ;; => i32:0x600dcafe
    (call $mark)
    (call $grow_far)
    (i32.load (call $id (i32.const 0xFFF0))))
  (func $m3 (export "grow_through_table_then_new_edge") (result i32)   ;; => i32:0x11
    (call $mark)
    (call_indirect (type $v) (i32.const 0))
    (i32.store8 (i32.const 0xC8FFFF) (i32.const 0x11))              ;; the last byte of 201 pages
    (i32.load8_u (call $id (i32.const 0xC8FFFF))))
  (func $m4 (export "grow_in_callee_then_past_new_edge") (result i32)   ;; => trap: out of bounds memory access in $m4
    (call $grow_far)
    (i32.load (call $id (i32.const 0xC8FFFD))))
  (func $m5 (export "fill_after_grow_in_callee") (result i32)   ;; => i32:0x05050505
    (call $grow_far)
    (memory.fill (i32.const 0xC8FFF0) (i32.const 5) (i32.const 16))
    (i32.load (i32.const 0xC8FFFC)))
  ;; one page more on each turn, then a byte written at the new last address: 64 turns
  (func $m6 (export "grow_in_loop") (result i32) (local $n i32) (local $sum i32)   ;; => i32:2080
    (call $mark)
    (loop $next
      (drop (memory.grow (i32.const 1)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (i32.store8 (i32.sub (i32.shl (i32.add (local.get $n) (i32.const 1)) (i32.const 16))
                           (i32.const 1))
                  (local.get $n))
      (local.set $sum (i32.add (local.get $sum)
        (i32.load8_u (i32.sub (i32.mul (memory.size) (i32.const 0x10000)) (i32.const 1)))))
      (br_if $next (i32.lt_u (local.get $n) (i32.const 64))))
    (if (i32.ne (i32.load (i32.const 0xFFF0)) (i32.const 0x600dcafe)) (then (unreachable)))
    (local.get $sum))
  ;; an address kept in a local (a register, perhaps) across the grow
  (func $m7 (export "address_in_local_across_grow") (result i32) (local $p i32)   ;; => i32:0x600dcafe
    (call $mark)
    (local.set $p (call $id (i32.const 0xFFF0)))
    (drop (i32.load (local.get $p)))
    (call $grow_far)
    (i32.load (local.get $p)))
)
