;; Which locals a loop header keeps in registers (loopscan.c): the 7 heaviest integer
;; locals of the body, a use in a nested loop weighing 4 times one in the loop itself.
(module
  ;; Nine locals are used in the outer loop; the inner loop's two (7 and 8) weigh most
  ;; there, so the outer header keeps 7, 8 and the first five others; the inner header
  ;; keeps 7 and 8.
  (func (param i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32)
    loop
      local.get 0 local.get 1 i32.add local.get 2 i32.add local.get 3 i32.add
      local.get 4 i32.add local.get 5 i32.add local.get 6 i32.add local.set 0
      loop
        local.get 7 local.get 8 i32.add local.set 7
        local.get 8 i32.const 1 i32.sub local.tee 8 br_if 0
      end
      local.get 0 br_if 0
    end
    local.get 7)
  ;; A loop in dead code is never compiled: the live loop after it still gets its own
  ;; figures (local 2), and the loop after the outer one gets its own (local 3).
  (func (param i32 i32 i32 i32) (result i32)
    loop
      block
        br 0
        loop local.get 1 local.set 1 br 0 end
      end
      loop local.get 2 i32.const 1 i32.sub local.tee 2 br_if 0 end
      local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0
    end
    loop local.get 3 i32.const 1 i32.sub local.tee 3 br_if 0 end
    local.get 3))
