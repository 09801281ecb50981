;; Lazy values: a local.get that is still pending on the stack when its local is written
;; must keep the old value; results that overwrite params must not clobber later reads.
;; CASE swap 1 2 => i32:2, i32:1
;; CASE old_value 5 => i32:5
;; CASE tee_chain 3 => i32:12
;; CASE pending_across_call 7 => i32:14
;; CASE cached_across_call 5 => i32:105
;; CASE cached_across_branch 1 => i32:11
;; CASE cached_across_branch 0 => i32:20
;; CASE meet_if_else 1 => i32:105
;; CASE meet_if_else 0 => i32:107
;; CASE meet_br_if 1 => i32:3
;; CASE meet_br_if 0 => i32:9
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
  ;; a register that remembers a stored local is clobbered by the call
  (func $busy (param i32) (result i32)
    local.get 0 i32.const 1 i32.add local.get 0 i32.const 2 i32.add i32.mul
    local.get 0 i32.const 3 i32.add i32.mul)
  (func (export "cached_across_call") (param i32) (result i32) (local i32)
    local.get 0 i32.const 100 i32.add local.set 1
    i32.const 7 call $busy drop
    local.get 1)
  ;; the two paths into the end of the `if` leave different registers behind
  (func (export "cached_across_branch") (param i32) (result i32) (local i32)
    i32.const 20 local.set 1
    local.get 0 if i32.const 11 local.set 1 end
    local.get 1)
  ;; where branches meet, a register keeps its local only if every path agrees
  (func (export "meet_if_else") (param i32) (result i32) (local i32 i32)
    i32.const 100 local.set 2
    local.get 0
    if i32.const 5 local.set 1 else i32.const 0 local.get 2 i32.add drop i32.const 7 local.set 1 end
    local.get 1 local.get 2 i32.add)
  (func (export "meet_br_if") (param i32) (result i32) (local i32)
    block
      local.get 0 i32.const 3 i32.add i32.const 0 i32.mul i32.const 3 i32.add local.set 1
      local.get 0 br_if 0
      local.get 0 i32.const 9 i32.add local.set 1
    end
    local.get 1)
)
