;; The spectest module's globals, table and memory.
(module
  (import "spectest" "global_i32" (global $gi i32))
  (import "spectest" "global_i64" (global $gl i64))
  (import "spectest" "global_f32" (global $gf f32))
  (import "spectest" "global_f64" (global $gd f64))
  (import "spectest" "table" (table 10 20 funcref))
  (import "spectest" "memory" (memory 1 2))
  (func (export "globals") (result i32 i64 f32 f64)
    (global.get $gi) (global.get $gl) (global.get $gf) (global.get $gd))
  (func (export "table_size") (result i32) (table.size 0))
  (func (export "memory") (result i32 i32 i32)
    (memory.size) (memory.grow (i32.const 1)) (memory.grow (i32.const 1)))
)
