;; recursion_abi — recursion that calls into the kernel at every level, down to the last
;; frame the stack limit allows: the kernel's C code for atoll.yield (a whole context
;; switch) and atoll.sip_id then runs on what is left below the wasm frames, which the
;; stack limit's margin must cover. It ends in "call stack exhausted", as without the calls
;; (on the host the shim's functions are wasm too: the limit may hit in one of them).
;; host-args: --register atoll=atoll_shim.wasm
(module
  (import "atoll" "yield" (func $yield))
  (import "atoll" "sip_id" (func $sip_id (result i32)))
  (func $down (param $n i32) (result i32)
    (call $yield)
    (i32.add (call $down (i32.add (local.get $n) (call $sip_id))) (i32.const 1)))
  (func $go (export "yield_at_every_level") (result i32)   ;; host => trap: call stack exhausted ;; kernel => trap: call stack exhausted in $down
    (call $down (i32.const 0)))
)
