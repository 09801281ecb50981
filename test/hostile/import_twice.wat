;; import_twice — the same function imported twice under two names (and the same type):
;; legal, and both must reach the one function.
;; host-args: --register atoll=atoll_shim.wasm
(module
  (import "atoll" "sip_id" (func $id_a (result i32)))
  (import "atoll" "sip_id" (func $id_b (result i32)))
  (import "atoll" "yield" (func $yield_a))
  (import "atoll" "yield" (func $yield_b))
  (func $both (export "both_imports_agree") (result i32)   ;; => i32:1
    (call $yield_a)
    (call $yield_b)
    (i32.and (i32.eq (call $id_a) (call $id_b)) (i32.gt_s (call $id_a) (i32.const 0))))
)
