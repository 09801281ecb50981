;; bad_body.wat — decodes fine, but a function body adds an f32 to an i32: the compiler
;; validates each body as it compiles it, so the module is rejected at load with the
;; offset of the bad instruction. Built by test/suite-sip.sh with wat2wasm --no-check.
(module
  (func $_start (export "_start")
    (drop (i32.add (i32.const 1) (f32.const 1)))))
