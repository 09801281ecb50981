;; Addresses are unsigned 32-bit plus a 32-bit offset; the memory base is reloaded after
;; calls and memory.grow.
;; CASE store_load 8 1234 => i32:1234
;; CASE high_index 0xFFFFFFFF => error: out of bounds memory access
;; CASE big_offset 0 => error: out of bounds memory access
;; CASE edge 65532 => i32:0
;; CASE edge 65533 => error: out of bounds memory access
;; CASE grow_then_store => i32:77
;; CASE narrow -1 => i64:255
;; CASE wrap_addr 8 => i32:77
(module
  (memory 1)
  (func (export "store_load") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.store local.get 0 i32.load)
  (func (export "high_index") (param i32) (result i32) local.get 0 i32.load)
  (func (export "big_offset") (param i32) (result i32) local.get 0 i32.load offset=0x80000000)
  (func (export "edge") (param i32) (result i32) local.get 0 i32.load)
  (func (export "grow_then_store") (result i32)
    i32.const 1 memory.grow drop
    i32.const 70000 i32.const 77 i32.store
    i32.const 70000 i32.load)
  (func (export "narrow") (param i32) (result i64)
    i32.const 16 local.get 0 i32.store8 i32.const 16 i64.load8_u)
  ;; the i64 local sits in a register with its high half set; the wrapped address must not
  (func (export "wrap_addr") (param i64) (result i32)
    i32.const 8 i32.const 77 i32.store
    local.get 0 i64.const 0x100000000 i64.add local.set 0
    local.get 0 i32.wrap_i64 i32.load)
)
