;; Loop headers keep the registers that hold locals on entry; every branch back restores
;; them (from other registers or from the locals' slots). These loops branch back from
;; inner loops, through br_table, after calls and under register pressure (results
;; checked against V8).
;; CASE nested 10 => i32:540
;; CASE outer_from_inner 6 => i32:21
;; CASE table_back 5 => i32:15
;; CASE call_in_loop 5 => i32:40
;; CASE pressure_in_loop 3 => i32:168
;; CASE float_loop 10 => f64:55.000000
;; CASE mid_exit 7 => i32:28
(module
  (func $twice (param i32) (result i32) local.get 0 local.get 0 i32.add)
  ;; sum over i < n, j < i of j*j: both counters kept in registers
  (func (export "nested") (param i32) (result i32) (local i32 i32 i32)
    i32.const 0 local.set 1
    loop
      i32.const 0 local.set 2
      block
        loop
          local.get 2 local.get 1 i32.ge_u br_if 1
          local.get 3 local.get 2 local.get 2 i32.mul i32.add local.set 3
          local.get 2 i32.const 1 i32.add local.set 2
          br 0
        end
      end
      local.get 1 i32.const 1 i32.add local.tee 1
      local.get 0 i32.ne br_if 0
    end
    local.get 3)
  ;; the inner loop branches straight to the outer loop's header
  (func (export "outer_from_inner") (param i32) (result i32) (local i32 i32)
    block
      loop $outer
        local.get 0 i32.eqz br_if 1
        local.get 0 local.set 2
        loop $inner
          local.get 1 i32.const 1 i32.add local.set 1
          local.get 0 i32.const 1 i32.sub local.set 0
          br $outer
        end
      end
    end
    local.get 1 local.get 2 i32.add local.get 2 i32.const 14 i32.mul i32.add)
  ;; br_table whose targets include the loop
  (func (export "table_back") (param i32) (result i32) (local i32)
    block
      loop
        local.get 1 local.get 0 i32.add local.set 1
        local.get 0 i32.const 1 i32.sub local.tee 0
        i32.eqz
        br_table 0 1
      end
    end
    local.get 1)
  ;; the call clobbers every register the header expects
  (func (export "call_in_loop") (param i32) (result i32) (local i32 i32)
    loop
      local.get 1 i32.const 1 i32.add local.tee 1
      call $twice local.get 2 i32.add local.set 2
      local.get 1 local.get 0 i32.lt_u br_if 0
    end
    local.get 2 local.get 1 i32.add local.get 1 i32.add)
  ;; more live values than registers inside the loop
  (func (export "pressure_in_loop") (param i32) (result i32) (local i32 i32)
    loop
      local.get 1 local.get 1 local.get 1 local.get 1 local.get 1 local.get 1
      local.get 1 local.get 1 local.get 1 local.get 1 local.get 1 local.get 1
      local.get 1 local.get 1 i32.const 1
      i32.add i32.add i32.add i32.add i32.add i32.add i32.add
      i32.add i32.add i32.add i32.add i32.add i32.add i32.add
      local.get 2 i32.add local.set 2
      local.get 1 i32.const 1 i32.add local.tee 1
      local.get 0 i32.lt_u br_if 0
    end
    local.get 2 local.get 1 i32.add local.get 0 i32.const 40 i32.mul i32.add)
  (func (export "float_loop") (param i32) (result f64) (local f64 f64)
    loop
      local.get 1 f64.const 1 f64.add local.tee 1
      local.get 2 f64.add local.set 2
      local.get 1 local.get 0 f64.convert_i32_u f64.lt br_if 0
    end
    local.get 2)
  ;; an exit in the middle of the body, then more uses of the header's registers
  (func (export "mid_exit") (param i32) (result i32) (local i32 i32)
    block
      loop
        local.get 1 local.get 0 i32.ge_u br_if 1
        local.get 2 local.get 1 i32.add local.set 2
        local.get 1 i32.const 1 i32.add local.set 1
        local.get 1 local.get 2 i32.lt_u br_if 0
        local.get 2 local.get 1 i32.add local.get 1 i32.sub local.set 2
        br 0
      end
    end
    local.get 2 local.get 1 i32.add)
)
