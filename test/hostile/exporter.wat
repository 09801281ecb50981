;; exporter — what shared_state imports on the host, registered as "atoll": a mutable
;; global, a table and a memory, under names the kernel's ABI uses for functions (so
;; that the kernel's refusal names the kind: shared_state.wat).
;; gallery: helper
(module
  (global $g (export "sip_id") (mut i32) (i32.const 100))
  (table $t (export "write") 2 2 funcref)
  (memory $m (export "yield") 1 1)
  (elem (i32.const 0) $forty_two)
  (data (i32.const 0xFFF8) "\f1\f2\f3\f4\f5\f6\f7\f8")
  (func $forty_two (result i32) (i32.const 42))
  (func (export "get") (result i32) (global.get $g))
  (func (export "tail_intact") (result i32)
    (i64.eq (i64.load (i32.const 0xFFF8)) (i64.const 0xf8f7f6f5f4f3f2f1)))
)
