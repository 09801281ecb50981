;; align_too_big — an alignment hint larger than the access's natural alignment
;; (align=8 on a 4-byte load) is invalid: the module is rejected at the instruction.
;; wat2wasm: --no-check
;; module => rejected at 0x2b: alignment must not be larger than natural
(module
  (memory 1)
  (func $_start (export "_start") (result i32)
    (i32.load align=8 (i32.const 0)))
)
