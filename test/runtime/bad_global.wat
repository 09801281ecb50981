(module (import "lib" "counter" (global i32)))
