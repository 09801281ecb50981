;; atoll_shim — a stand-in for the kernel's "atoll" imports on the host, where atoll-run
;; registers it (host-args: --register atoll=atoll_shim.wasm). Only what the gallery's
;; modules import: sip_id is always 1, yield does nothing.
;; gallery: helper
(module
  (func (export "sip_id") (result i32) (i32.const 1))
  (func (export "yield"))
  (func (export "args") (param i32 i32) (result i32) (i32.const 0))
)
