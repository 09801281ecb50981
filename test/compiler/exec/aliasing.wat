;; Lazy values: a local.get that is still pending on the stack when its local is written
;; must keep the old value; results that overwrite params must not clobber later reads.
;; CASE swap 1 2 => i32:2, i32:1
;; CASE old_value 5 => i32:5
;; CASE tee_chain 3 => i32:12
;; CASE pending_across_call 7 => i32:14
(module
  (func (export "swap") (param i32 i32) (result i32 i32) local.get 1 local.get 0)
  (func (export "old_value") (param i32) (result i32)
    local.get 0          ;; pending reference to local 0
    i32.const 100 local.set 0
    ;; the pending value is still 5
  )
  (func (export "tee_chain") (param i32) (result i32) (local i32)
    local.get 0 local.tee 1 local.get 1 i32.add   ;; 6
    local.tee 0 local.get 0 i32.add)              ;; 12
  (func $id (param i32) (result i32) local.get 0)
  (func (export "pending_across_call") (param i32) (result i32)
    local.get 0 local.get 0 call $id i32.add)
)
