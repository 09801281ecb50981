;; Locals are not written through: a register may hold a local newer than its slot. These
;; cases make the slot matter: calls and helper calls in the middle, exits from loops to
;; labels whose other paths keep different registers, br_table, more dirty locals than
;; registers, fixed registers (shift counts, division) that hold a dirty local, and a
;; return from inside a loop (results checked against V8).
;; CASE across_call 6 => i32:81
;; CASE loop_exit 9 => i32:1225
;; CASE loop_exit 0 => i32:1000
;; CASE rebind_if 1 => i32:1918
;; CASE rebind_if 0 => i32:1716
;; CASE table_dirty 0 => i32:2112
;; CASE table_dirty 1 => i32:3112
;; CASE table_dirty 7 => i32:1112
;; CASE outer_kept 5 => i32:165
;; CASE tee_reuse 3 => i32:294
;; CASE fib_f64 40 => f64:165580141.000000
;; CASE many_dirty 3 => i32:1228
;; CASE grow_dirty 4 => i32:30
;; CASE fixed_regs 5 => i32:1930
;; CASE return_inside 7 => i32:27
;; CASE return_inside 100 => i32:4294967295
;; CASE select_dirty 1 => i32:30
;; CASE select_dirty 0 => i32:20
(module
  (memory 1)
  (func $id (param i32) (result i32) local.get 0)
  ;; the loop's locals are dirty when the call comes: they are stored first
  (func (export "across_call") (param i32) (result i32) (local i32 i32)
    loop
      local.get 1 i32.const 3 i32.add local.set 1
      local.get 2 local.get 1 call $id i32.add local.set 2
      local.get 0 i32.const 1 i32.sub local.tee 0
      br_if 0
    end
    local.get 2 local.get 1 i32.add)
  ;; the exit's first edge comes before the loop, with nothing in registers
  (func (export "loop_exit") (param i32) (result i32) (local i32 i32)
    i32.const 1000 local.set 2
    block
      local.get 0 i32.eqz br_if 0
      loop
        local.get 1 i32.const 1 i32.add local.set 1
        local.get 2 local.get 1 i32.add local.set 2
        local.get 1 local.get 0 i32.ge_u br_if 1
        br 0
      end
    end
    local.get 2 local.get 1 i32.const 20 i32.mul i32.add)
  ;; two paths leave the same locals in different registers
  (func (export "rebind_if") (param i32) (result i32) (local i32 i32)
    local.get 0 i32.const 16 i32.add local.set 1
    local.get 0 i32.const 17 i32.add local.set 2
    local.get 0
    if
      local.get 1 i32.const 1 i32.add
      local.get 2 i32.const 1 i32.add
      local.set 1 local.set 2
    else
      local.get 2 i32.const 0 i32.or
      local.get 1 i32.const 0 i32.or
      local.set 2 local.set 1
    end
    local.get 1 i32.const 100 i32.mul local.get 2 i32.add)
  ;; each target of the br_table sees the dirty locals
  (func (export "table_dirty") (param i32) (result i32) (local i32 i32)
    i32.const 100 local.set 1
    i32.const 12 local.set 2
    block
      block
        block
          local.get 0 br_table 0 1 2
        end
        local.get 1 i32.const 1000 i32.add local.set 1
        br 1
      end
      local.get 1 i32.const 2000 i32.add local.set 1
      local.get 2 local.get 2 i32.add local.set 2
      i32.const 0 local.set 2
      i32.const 12 local.set 2
    end
    local.get 1 i32.const 1000 i32.add local.get 2 i32.add)
  ;; the outer loop's locals stay in registers through an inner loop that never uses them
  (func (export "outer_kept") (param i32) (result i32) (local i32 i32 i32)
    loop
      local.get 1 local.get 0 i32.add local.set 1
      i32.const 0 local.set 3
      loop
        local.get 2 local.get 3 i32.add local.set 2
        local.get 3 i32.const 1 i32.add local.tee 3
        i32.const 4 i32.lt_u br_if 0
      end
      local.get 0 i32.const 1 i32.sub local.tee 0
      br_if 0
    end
    local.get 1 local.get 2 i32.const 5 i32.mul i32.add)
  ;; local.tee, then an instruction that overwrites its operand, then the local again
  (func (export "tee_reuse") (param i32) (result i32) (local i32)
    local.get 0 i32.const 4 i32.add local.tee 1
    i32.const 2 i32.shl
    local.get 1 i32.add
    local.get 1 i32.add
    local.get 1 i32.mul
    i32.const 7 i32.div_u
    local.get 1 i32.mul)
  (func (export "fib_f64") (param i32) (result f64) (local f64 f64 f64)
    f64.const 1 local.set 2
    loop
      local.get 1 local.get 2 f64.add local.set 3
      local.get 2 local.set 1
      local.get 3 local.set 2
      local.get 0 i32.const 1 i32.sub local.tee 0
      br_if 0
    end
    local.get 2)
  ;; fourteen dirty locals: more than the registers, so some are stored to make room
  (func (export "many_dirty") (param i32) (result i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    local.get 0 i32.const 1 i32.add local.set 1
    local.get 1 i32.const 1 i32.add local.set 2
    local.get 2 i32.const 1 i32.add local.set 3
    local.get 3 i32.const 1 i32.add local.set 4
    local.get 4 i32.const 1 i32.add local.set 5
    local.get 5 i32.const 1 i32.add local.set 6
    local.get 6 i32.const 1 i32.add local.set 7
    local.get 7 i32.const 1 i32.add local.set 8
    local.get 8 i32.const 1 i32.add local.set 9
    local.get 9 i32.const 1 i32.add local.set 10
    local.get 10 i32.const 1 i32.add local.set 11
    local.get 11 i32.const 1 i32.add local.set 12
    local.get 12 i32.const 1 i32.add local.set 13
    local.get 13 i32.const 1 i32.add local.set 14
    local.get 1 local.get 2 i32.mul local.get 3 i32.add local.get 4 i32.mul
    local.get 5 i32.add local.get 6 i32.add local.get 7 i32.add local.get 8 i32.add
    local.get 9 i32.add local.get 10 i32.add local.get 11 i32.add local.get 12 i32.add
    local.get 13 i32.add local.get 14 i32.add local.get 1 i32.mul)
  ;; memory.grow is a helper call: dirty locals are stored around it
  (func (export "grow_dirty") (param i32) (result i32) (local i32 i32)
    local.get 0 i32.const 5 i32.mul local.set 1
    local.get 0 i32.const 1 i32.add local.set 2
    i32.const 0 memory.grow drop
    local.get 1 local.get 2 i32.add local.get 0 i32.const 0 memory.grow i32.add i32.add)
  ;; the shift count goes to cl and division uses eax and edx, which may hold dirty locals
  (func (export "fixed_regs") (param i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    local.get 0 local.set 1 local.get 0 local.set 2 local.get 0 local.set 3
    local.get 0 local.set 4 local.get 0 local.set 5 local.get 0 local.set 6
    local.get 0 local.set 7 local.get 0 local.set 8 local.get 0 local.set 9
    local.get 0 i32.const 1 i32.add local.set 10
    local.get 1 local.get 10 i32.shl
    local.get 2 local.get 3 i32.div_u i32.add
    local.get 4 local.get 5 i32.rem_u i32.add
    local.get 6 local.get 7 i32.mul i32.add
    local.get 8 local.get 9 i32.add i32.add
    local.get 10 i32.add
    local.get 1 i32.add local.get 2 i32.add local.get 3 i32.add local.get 4 i32.add
    local.get 5 i32.mul local.get 6 i32.add local.get 7 i32.add local.get 8 i32.add
    local.get 9 i32.add)
  ;; return from inside a loop: the locals need not be anywhere
  (func (export "return_inside") (param i32) (result i32) (local i32 i32)
    loop
      local.get 1 i32.const 1 i32.add local.set 1
      local.get 2 local.get 1 i32.add local.set 2
      local.get 1 local.get 0 i32.eq if local.get 2 i32.const -1 i32.add return end
      local.get 1 i32.const 50 i32.lt_u br_if 0
    end
    i32.const -1)
  (func (export "select_dirty") (param i32) (result i32) (local i32 i32)
    i32.const 30 local.set 1
    i32.const 20 local.set 2
    local.get 1 local.get 2 local.get 0 select)
)
