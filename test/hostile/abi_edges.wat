;; abi_edges — pointers handed to the kernel at the edge of a one-page memory. The kernel
;; checks ptr + len <= memory size in 64 bits before it reads or writes a byte (docs/abi.md):
;; a range that ends exactly at the edge is fine (even empty, even at the edge), one byte
;; more is a trap naming the range, and ptr + len never wraps around 2^32. Kernel only: on
;; the host there is no atoll ABI to call.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (import "atoll" "sip_list" (func $sip_list (param i32 i32) (result i32)))
  (import "atoll" "wait" (func $wait (param i32 i32 i64) (result i32)))
  (import "atoll" "chan_create" (func $chan_create (param i32) (result i32)))
  (import "atoll" "chan_recv" (func $chan_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0xFFFF) "\n")
  (func $w1 (export "write_last_byte") (result i32)   ;; kernel => i32:1
    (call $write (i32.const 0xFFFF) (i32.const 1)))
  (func $w2 (export "write_empty_at_edge") (result i32)   ;; kernel => i32:0
    (call $write (i32.const 0x10000) (i32.const 0)))
  (func $w3 (export "write_one_past") (result i32)   ;; kernel => trap: atoll.write: bytes 0xffff..0x10001 outside memory of 0x10000 bytes in $w3
    (call $write (i32.const 0xFFFF) (i32.const 2)))
  (func $w4 (export "write_empty_past") (result i32)   ;; kernel => trap: atoll.write: bytes 0x10001..0x10001 outside memory of 0x10000 bytes in $w4
    (call $write (i32.const 0x10001) (i32.const 0)))
  (func $w5 (export "write_wrapping") (result i32)   ;; kernel => trap: atoll.write: bytes 0xffffffff..0x100000001 outside memory of 0x10000 bytes in $w5
    (call $write (i32.const -1) (i32.const 2)))
  (func $w6 (export "write_4gib") (result i32)   ;; kernel => trap: atoll.write: bytes 0x1..0x100000000 outside memory of 0x10000 bytes in $w6
    (call $write (i32.const 1) (i32.const -1)))
  (func $l1 (export "sip_list_huge_max") (result i32)   ;; kernel => trap: atoll.sip_list: bytes 0xfff0..0x3fff0 outside memory of 0x10000 bytes in $l1
    (call $sip_list (i32.const 0xFFF0) (i32.const -1)))
  (func $q1 (export "wait_items_straddling") (result i32)   ;; kernel => trap: atoll.wait: bytes 0xfff8..0x10004 outside memory of 0x10000 bytes in $q1
    (call $wait (i32.const 0xFFF8) (i32.const 1) (i64.const 0)))
  (func $c1 (export "chan_create_straddling") (result i32)   ;; kernel => trap: atoll.chan_create: bytes 0xfffc..0x10004 outside memory of 0x10000 bytes in $c1
    (call $chan_create (i32.const 0xFFFC)))
  (func $r1 (export "chan_recv_4gib_buffer") (result i32)   ;; kernel => trap: atoll.chan_recv: bytes 0x0..0xffffffff outside memory of 0x10000 bytes in $r1
    (call $chan_recv (i32.const 5) (i32.const 0) (i32.const -1) (i32.const 0) (i32.const 0) (i32.const 1)))
)
