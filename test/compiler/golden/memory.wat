;; A load and a store: a plain [r14 + index + offset] in guard mode, a compare with the
;; memory size before each access in bounds-check mode.
(module
  (memory 1)
  (func (param i32) (result i32)
    local.get 0 local.get 0 i32.load offset=16 i32.store8 offset=4
    local.get 0 i32.load))
