(module (import "lib" "mem" (func)))
