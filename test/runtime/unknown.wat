(module (import "lib" "nothing" (func)))
