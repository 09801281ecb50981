;; mem_address — addresses computed in ways a compiler likes to fold. An i32 address wraps
;; modulo 2^32 before the memarg offset is added: a + 0x80000000 with a = 0x80000010 is
;; address 0x10, not 4 GiB + 0x10, and never base - 2 GiB (another memory, in a kernel
;; with one address space). An i64 cut to i32 (i32.wrap_i64) must lose its upper half
;; even when the compiler only retypes the register: a leftover 0xFFFFFFFF above an
;; address would reach 4 GiB below the memory. Byte 0x10 of memory holds 42.
(module
  (memory 1)
  (data (i32.const 0x10) "\2a")
  (func $id (param i32) (result i32) (local.get 0))
  (func $id64 (param i64) (result i64) (local.get 0))
  (func $m1 (export "add_wrapping_const") (result i32)   ;; => i32:42
    (i32.load8_u (i32.add (call $id (i32.const 0x80000010)) (i32.const 0x80000000))))
  (func $m2 (export "const_plus_wrapping") (result i32)   ;; => i32:42
    (i32.load8_u (i32.add (i32.const 0x20) (call $id (i32.const -0x10)))))
  (func $m3 (export "add_minus_one") (result i32)   ;; => i32:42
    (i32.load8_u (i32.add (call $id (i32.const 0x11)) (i32.const -1))))
  (func $m4 (export "sub_wrapping") (result i32)   ;; => i32:42
    (i32.load8_u (i32.sub (call $id (i32.const 0x0F)) (i32.const -1))))
  (func $m5 (export "add_then_offset") (result i32)   ;; => i32:42
    (i32.load8_u offset=0x10 (i32.add (call $id (i32.const 0xFFFFFFF0)) (i32.const 0x10))))
  (func $m6 (export "add_then_offset_past") (result i32)   ;; => trap: out of bounds memory access in $m6
    (i32.load8_u offset=0x10000 (i32.add (call $id (i32.const 0xFFFFFFF0)) (i32.const 0x10))))
  (func $m7 (export "shl_wrapping") (result i32)   ;; => i32:42
    (i32.load8_u (i32.shl (call $id (i32.const 0x80000001)) (i32.const 4))))
  (func $m8 (export "mul_wrapping") (result i32)   ;; => i32:42
    (i32.load8_u (i32.mul (call $id (i32.const 0x10000001)) (i32.const 0x10))))
  (func $w1 (export "wrap_of_param") (result i32)   ;; => i32:42
    (i32.load8_u (i32.wrap_i64 (call $id64 (i64.const 0xFFFFFFFF00000010)))))
  (func $w2 (export "wrap_of_local") (result i32) (local $x i64)   ;; => i32:42
    (local.set $x (call $id64 (i64.const 0xFFFFFFFF00000010)))
    (i32.load8_u (i32.wrap_i64 (local.get $x))))
  (func $w3 (export "wrap_into_local") (result i32) (local $x i64) (local $a i32)   ;; => i32:42
    (local.set $x (call $id64 (i64.const 0xFFFFFFFF00000010)))
    (local.set $a (i32.wrap_i64 (local.get $x)))
    (i32.load8_u (local.get $a)))
  (func $w4 (export "wrap_tee") (result i32) (local $a i32)   ;; => i32:42
    (i32.load8_u (local.tee $a (i32.wrap_i64 (call $id64 (i64.const 0x100000010))))))
  (func $w5 (export "wrap_store") (result i32) (local $x i64)   ;; => i32:7
    (local.set $x (call $id64 (i64.const 0xFFFFFFFF00000011)))
    (i32.store8 (i32.wrap_i64 (local.get $x)) (i32.const 7))
    (i32.load8_u (i32.const 0x11)))
  (func $w6 (export "wrap_with_offset") (result i32) (local $x i64)   ;; => i32:42
    (local.set $x (call $id64 (i64.const 0x8000000000000008)))
    (i32.load8_u offset=8 (i32.wrap_i64 (local.get $x))))
  (func $w7 (export "wrap_past") (result i32) (local $x i64)   ;; => trap: out of bounds memory access in $w7
    (local.set $x (call $id64 (i64.const 0x10000)))
    (i32.load8_u (i32.wrap_i64 (local.get $x))))
  ;; a local kept in a register across a loop, set from a wrap on each turn
  (func $l1 (export "wrap_in_loop") (result i32) (local $x i64) (local $a i32) (local $n i32) (local $sum i32)   ;; => i32:168
    (local.set $x (call $id64 (i64.const 0xFFFFFFFF00000010)))
    (loop $next
      (local.set $a (i32.wrap_i64 (local.get $x)))
      (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $a))))
      (local.set $x (i64.add (local.get $x) (i64.const 0x100000000)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $n) (i32.const 4))))
    (local.get $sum))
  ;; an address chosen by select and carried out of a block
  (func $s1 (export "select_address") (result i32)   ;; => i32:42
    (i32.load8_u (select (call $id (i32.const 0x10)) (i32.const 0x7FFFFFFF)
                         (call $id (i32.const 1)))))
  (func $s2 (export "block_carried_address") (result i32)   ;; => i32:42
    (i32.load8_u (block (result i32) (br_if 0 (call $id (i32.const 0x10)) (i32.const 1))
                                     (drop) (i32.const -1))))
)
