(module (import "lib" "tab" (table 5 funcref)))
