;; data_oob — an active data segment that runs one byte past the memory's end: the
;; module instantiates to a trap, and (WebAssembly 2.0) the segments before it were
;; written while nothing of this one was.
;; module => instantiation trap: out of bounds memory access
(module
  (memory 1)
  (data (i32.const 0) "ok")
  (data (i32.const 0xFFFF) "\01\02")
  (func $_start (export "_start") (result i32) (i32.const 99))
)
