(module (import "lib" "mem" (memory 1 1)))
