;; A counting loop with br_if, and a br_table whose targets sit at different heights.
(module
  (func (param i32) (result i32) (local i32)
    block loop
      local.get 0 i32.eqz br_if 1
      local.get 1 local.get 0 i32.add local.set 1
      local.get 0 i32.const 1 i32.sub local.set 0
      br 0 end end
    local.get 1)
  (func (param i32) (result i32)
    block (result i32)
      i32.const 7
      block (result i32)
        i32.const 1 local.get 0 br_table 0 1
      end
      i32.add
    end))
