;; isolation — two instances linked on the host: this one attacks, victim.wat is attacked.
;; The attacker has a one-page memory of its own and imports the victim's check function
;; and table. Every way out of its own memory traps (far past it, wrapping offsets, bulk
;; instructions with huge lengths, growth past its maximum), and calls through the
;; victim's table check their type; afterwards every byte of the victim's memory is as
;; the victim wrote it. The exports run in order in one process (the victim's memory
;; stays live throughout); in bounds-check mode the two memories are small mappings that
;; may well be neighbours, so a missing check would land in the victim.
;; host-args: --register victim=victim.wasm
;; host: run-all
;; module kernel => rejected at 0x23: unknown import victim.intact
(module
  (import "victim" "intact" (func $victim_intact (result i32)))
  (import "victim" "tab" (table $vt 2 funcref))
  (memory 1 1)
  (type $i64_i64 (func (param i64) (result i64)))
  (type $v_i32 (func (result i32)))
  (type $i32_i32 (func (param i32) (result i32)))
  (func $id (param i32) (result i32) (local.get 0))
  (func $before (export "victim_intact_before") (result i32)   ;; host => i32:1
    (call $victim_intact))
  (func $a1 (export "store_just_past")   ;; host => trap: out of bounds memory access in $a1
    (i64.store (call $id (i32.const 0x10000)) (i64.const -1)))
  (func $a2 (export "store_1_mib_past")   ;; host => trap: out of bounds memory access in $a2
    (i64.store (call $id (i32.const 0x110000)) (i64.const -1)))
  (func $a3 (export "store_2_gib_past")   ;; host => trap: out of bounds memory access in $a3
    (i64.store (call $id (i32.const 0x80000000)) (i64.const -1)))
  (func $a4 (export "store_max_index_max_offset")   ;; host => trap: out of bounds memory access in $a4
    (i64.store offset=0xFFFFFFFF (call $id (i32.const -1)) (i64.const -1)))
  (func $a5 (export "store_negative_index_wrap")   ;; host => trap: out of bounds memory access in $a5
    (i32.store offset=16 (call $id (i32.const -8)) (i32.const -1)))
  (func $a6 (export "fill_4_gib")   ;; host => trap: out of bounds memory access in $a6
    (memory.fill (i32.const 0) (i32.const 0xEE) (i32.const -1)))
  (func $a7 (export "fill_from_edge_1_mib")   ;; host => trap: out of bounds memory access in $a7
    (memory.fill (i32.const 0x10000) (i32.const 0xEE) (i32.const 0x100000)))
  (func $a8 (export "copy_2_gib")   ;; host => trap: out of bounds memory access in $a8
    (memory.copy (i32.const 0x8000) (i32.const 0) (i32.const 0x80000000)))
  (func $a9 (export "grow_past_max") (result i32)   ;; host => i32:-1
    (memory.grow (i32.const 1)))
  (func $a10 (export "load_past_after_grow") (result i32)   ;; host => trap: out of bounds memory access in $a10
    (drop (memory.grow (i32.const 100)))
    (i32.load (call $id (i32.const 0x10000))))
  (func $a11 (export "call_victim_secret_mistyped") (result i32)   ;; host => trap: indirect call type mismatch in $a11
    (call_indirect $vt (type $i32_i32) (i32.const 1) (i32.const 0)))
  (func $a12 (export "call_victim_secret_right") (result i64)   ;; host => i64:0x5ec2e7
    (call_indirect $vt (type $i64_i64) (i64.const 1) (i32.const 0)))
  (func $a13 (export "victim_table_set_past")   ;; host => trap: out of bounds table access in $a13
    (table.set $vt (call $id (i32.const 2)) (ref.null func)))
  (func $a14 (export "victim_table_past_size") (result i32)   ;; host => trap: undefined element in $a14
    (call_indirect $vt (type $v_i32) (call $id (i32.const -1))))
  (func $after (export "victim_intact_after") (result i32)   ;; host => i32:1
    (call $victim_intact))
  (func $own (export "own_memory_untouched") (result i32)   ;; host => i32:0
    (i32.or (i32.load (i32.const 0xFFFC)) (i32.load (i32.const 0))))
)
