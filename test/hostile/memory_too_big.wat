;; memory_too_big — a memory of 65,537 pages (4 GiB + 64 KiB) cannot be addressed by a
;; 32-bit index, so its type is invalid: rejected when the memory section is decoded.
;; wat2wasm: --no-check
;; module => rejected at 0x15: memory size must be at most 65536 pages (4GiB)
(module
  (memory 65537)
  (func $_start (export "_start"))
)
