;; tiny.wat — the smallest valid wasm module with one export: a boot module the
;; kernel must recognise as wasm (test/suite-boot.sh checks its name, args and size).
;; It is never run: suite-boot's kernels run self-tests, not SIPs.
(module
  (func (export "answer") (result i32)
    i32.const 42))
