;; mem_limit — a memory at the 65536-page limit: all of the 32-bit address space is
;; memory (4 GiB), so index 0xFFFFFFFF is its last byte, and still nothing past 2^32 is
;; reachable: offsets carry the address beyond 32 bits, never around to 0. One page more
;; is refused. In the kernel the boot line gives the module a quota of all 4 GiB (docs/sips.md:
;; mem=), but a commit is a reservation of frames and QEMU has 512 MiB: growing to 4 GiB
;; returns -1 there, the memory stays 1 page, and the accesses near 4 GiB trap as out of
;; bounds. A hostile SIP asking for more than the machine has gets -1, never a kernel panic.
;; kernel: mem=4G
(module
  (memory 1)
  (data $seg "0123456789abcdef")          ;; a passive segment of 16 bytes
  (func $id (param i32) (result i32) (local.get 0))
  (func $grow (result i32) (memory.grow (i32.const 65535)))
  (func $to_limit (export "grow_to_65536_pages") (result i32)   ;; host => i32:1 ;; kernel => i32:-1
    (call $grow))
  (func $size (export "size_at_limit") (result i32)   ;; host => i32:65536 ;; kernel => i32:1
    (drop (call $grow))
    (memory.size))
  (func $beyond (export "grow_beyond_limit") (result i32)   ;; host => i32:-1 ;; kernel => i32:1
    (drop (call $grow))
    (memory.grow (i32.const 1)))
  (func $last (export "last_byte_of_4gib") (result i32)   ;; host => i32:0x77 ;; kernel => trap: out of bounds memory access in $last
    (drop (call $grow))
    (i32.store8 (call $id (i32.const 0xFFFFFFFF)) (i32.const 0x77))
    (i32.load8_u (i32.const 0xFFFFFFFF)))
  (func $last_offset (export "last_byte_by_offset") (result i32)   ;; host => i32:0x66 ;; kernel => trap: out of bounds memory access in $last_offset
    (drop (call $grow))
    (i32.store8 offset=0xFFFFFFFF (call $id (i32.const 0)) (i32.const 0x66))
    (i32.load8_u offset=0xFFFFFFFE (i32.const 1)))
  (func $last8 (export "last_8_bytes") (result i32)   ;; host => i32:0x44332211 ;; kernel => trap: out of bounds memory access in $last8
    (drop (call $grow))
    (i64.store offset=0xFFFFFFF0 (call $id (i32.const 8)) (i64.const 0x8877665544332211))
    (i32.load (i32.const 0xFFFFFFF8)))
  (func $past16 (export "load16_at_0xffffffff") (result i32)   ;; => trap: out of bounds memory access in $past16
    (drop (call $grow))
    (i32.load16_u (call $id (i32.const 0xFFFFFFFF))))
  (func $past_offset (export "index_1_offset_0xffffffff") (result i32)   ;; => trap: out of bounds memory access in $past_offset
    (drop (call $grow))
    (i32.load8_u offset=0xFFFFFFFF (call $id (i32.const 1))))
  (func $past_max (export "max_index_max_offset") (result i32)   ;; => trap: out of bounds memory access in $past_max
    (drop (call $grow))
    (i32.load8_u offset=0xFFFFFFFF (i32.const 0xFFFFFFFF)))
  (func $store_past (export "i64_store_across_4gib")   ;; => trap: out of bounds memory access in $store_past
    (drop (call $grow))
    (i64.store (call $id (i32.const 0xFFFFFFF9)) (i64.const -1)))
  (func $first_and_last (export "first_and_last_pages") (result i32)   ;; host => i32:3 ;; kernel => trap: out of bounds memory access in $first_and_last
    (drop (call $grow))
    (i32.store8 (i32.const 0) (i32.const 1))
    (i32.store8 (i32.const 0xFFFF0000) (i32.const 2))
    (i32.add (i32.load8_u (i32.const 0)) (i32.load8_u (i32.const 0xFFFF0000))))
  (func $fill_end (export "fill_last_16_bytes") (result i32)   ;; host => i32:0x09090909 ;; kernel => trap: out of bounds memory access in $fill_end
    (drop (call $grow))
    (memory.fill (i32.const 0xFFFFFFF0) (i32.const 9) (i32.const 16))
    (i32.load (i32.const 0xFFFFFFFC)))
  (func $init_end (export "init_to_the_last_byte") (result i32)   ;; host => i32:0x66656463 ;; kernel => trap: out of bounds memory access in $init_end
    (drop (call $grow))
    (memory.init $seg (i32.const 0xFFFFFFF0) (i32.const 0) (i32.const 16))
    (i32.load (i32.const 0xFFFFFFFC)))
  (func $init_wrap (export "init_across_4gib")   ;; => trap: out of bounds memory access in $init_wrap
    (drop (call $grow))
    (memory.init $seg (i32.const 0xFFFFFFF1) (i32.const 0) (i32.const 16)))
  (func $fill_wrap (export "fill_across_4gib")   ;; => trap: out of bounds memory access in $fill_wrap
    (drop (call $grow))
    (memory.fill (i32.const 0xFFFFFFF0) (i32.const 9) (i32.const 17)))
  (func $copy_end (export "copy_to_the_last_byte") (result i32)   ;; host => i32:0x41 ;; kernel => trap: out of bounds memory access in $copy_end
    (drop (call $grow))
    (i32.store8 (i32.const 5) (i32.const 0x41))
    (memory.copy (i32.const 0xFFFFFFFF) (i32.const 5) (i32.const 1))
    (i32.load8_u (i32.const 0xFFFFFFFF)))
  (func $copy_wrap (export "copy_from_across_4gib")   ;; => trap: out of bounds memory access in $copy_wrap
    (drop (call $grow))
    (memory.copy (i32.const 0) (i32.const 0xFFFFFFFF) (i32.const 2)))
  ;; Every byte of the 4 GiB but the first, written: 1 + 0xFFFFFFFF is exactly 2^32, so
  ;; this is in bounds. (Not on the host: it would really take 4 GiB of RAM there. In the
  ;; kernel the grow was refused, so the memory.fill is out of bounds.)
  (func $fill_all (export "fill_all_4gib")   ;; kernel => trap: out of bounds memory access in $fill_all
    (drop (call $grow))
    (memory.fill (i32.const 1) (i32.const 0xAA) (i32.const 0xFFFFFFFF)))
  ;; The same from compiled code: a byte stored in every 4 KiB page.
  (func $touch (export "touch_every_page") (local $a i32)   ;; kernel => trap: out of bounds memory access in $touch
    (drop (call $grow))
    (loop $next
      (i32.store8 (local.get $a) (i32.const 1))
      (local.set $a (i32.add (local.get $a) (i32.const 4096)))
      (br_if $next (local.get $a))))
)
