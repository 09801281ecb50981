;; Locals in registers, not written through. 0: the loop's header loads the locals its
;; body uses; the body keeps them in those registers and the branch back has nothing to
;; move or store. 1: f64 locals and local.tee, no memory traffic. 2: a call in the loop:
;; the header stores its dirty locals once and local.set writes through, so the call,
;; the branch back and the exit store nothing.
;; 3: the two paths of an if/else leave a local in different registers: at the join the
;; second path (the fallthrough from else) moves it where the first left it.
(module
  (func $id (param i32) (result i32) local.get 0)
  (func (param i32) (result i32) (local i32 i32)
    loop
      local.get 2 local.get 1 local.get 1 i32.mul i32.add local.set 2
      local.get 1 i32.const 1 i32.add local.tee 1
      local.get 0 i32.lt_u br_if 0
    end
    local.get 2)
  (func (param f64 i32) (result f64) (local f64 f64)
    f64.const 1 local.set 2
    loop
      local.get 2 local.get 0 f64.mul local.tee 3
      local.get 3 f64.mul local.get 2 f64.add local.set 2
      local.get 1 i32.const 1 i32.sub local.tee 1 br_if 0
    end
    local.get 2 local.get 3 f64.add)
  (func (param i32) (result i32) (local i32)
    loop
      local.get 1 call $id local.get 1 i32.add i32.const 1 i32.add local.set 1
      local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0
    end
    local.get 1)
  (func (param i32) (result i32) (local i32)
    local.get 0 i32.const 3 i32.add local.set 1
    local.get 0
    if
      local.get 1 i32.const 7 i32.mul
      local.get 1 i32.const 1 i32.add local.set 1
      drop
    else
      local.get 0 local.get 1 i32.add local.set 1
    end
    local.get 1))
