;; import_twice_mistyped — the same function imported twice, the second time with a type
;; it does not have: the module is refused at link time (in the kernel: at load, naming
;; the import entry), however right the first import was.
;; host-args: --register atoll=atoll_shim.wasm
;; module host => instantiation fails: incompatible import type
;; module kernel => rejected at 0x26: import atoll.sip_id has type (i32) -> (i32), but the ABI's is () -> (i32)
(module
  (import "atoll" "sip_id" (func $good (result i32)))
  (import "atoll" "sip_id" (func $bad (param i32) (result i32)))
  (func $_start (export "_start") (result i32) (call $bad (i32.const 1)))
)
