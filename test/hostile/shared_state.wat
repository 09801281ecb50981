;; shared_state — a global, a table and a memory imported from another instance, and a
;; mutable global and a table exported in turn. Writes through an import are the
;; exporter's (one cell, one table, one memory), and every limit is the exporter's: the
;; table cannot grow past its maximum, the memory's edge is where the exporter's is, and
;; nothing out of bounds reaches the exporter. The kernel takes no import but functions:
;; it refuses the module at its first import, naming the kind.
;; host-args: --register atoll=exporter.wasm
;; host: run-all
;; module kernel => rejected at 0x1e: import atoll.sip_id is a global, but the ABI's is a function
(module
  (import "atoll" "sip_id" (global $g (mut i32)))
  (import "atoll" "write" (table $t 2 2 funcref))
  (import "atoll" "yield" (memory $m 1 1))
  (import "atoll" "get" (func $get (result i32)))
  (import "atoll" "tail_intact" (func $tail_intact (result i32)))
  (global $mine (export "mine") (mut i64) (i64.const -1))
  (table $own (export "own") 1 funcref)
  (func $id (param i32) (result i32) (local.get 0))
  (func $r (export "read_global") (result i32) (global.get $g))   ;; host => i32:100
  (func $w (export "write_global_seen_by_exporter") (result i32)   ;; host => i32:5
    (global.set $g (i32.const 5))
    (call $get))
  (func $call (export "call_exporters_function") (result i32)   ;; host => i32:42
    (call_indirect $t (result i32) (i32.const 0)))
  (func $tset (export "table_set_past_size")   ;; host => trap: out of bounds table access in $tset
    (table.set $t (call $id (i32.const 2)) (ref.null func)))
  (func $tgrow (export "table_grow_past_max") (result i32)   ;; host => i32:-1
    (table.grow $t (ref.null func) (i32.const 1)))
  (func $tmis (export "call_exporters_function_mistyped")   ;; host => trap: indirect call type mismatch in $tmis
    (call_indirect $t (i32.const 0)))
  (func $mgrow (export "memory_grow_past_max") (result i32)   ;; host => i32:-1
    (memory.grow (i32.const 1)))
  (func $mstore (export "store_straddling_exporters_edge")   ;; host => trap: out of bounds memory access in $mstore
    (i64.store (call $id (i32.const 0xFFF9)) (i64.const 0)))
  (func $mfill (export "fill_straddling_exporters_edge")   ;; host => trap: out of bounds memory access in $mfill
    (memory.fill (i32.const 0xFFF0) (i32.const 0) (i32.const 0x11)))
  (func $intact (export "exporters_tail_intact") (result i32)   ;; host => i32:1
    (call $tail_intact))
  (func $mine (export "own_global") (result i64)   ;; host => i64:-1
    (global.get $mine))
)
