(module (import "lib" "add" (func (param i64 i32) (result i32))))
