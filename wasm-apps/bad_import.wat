;; bad_import.wat — imports a function the atoll ABI does not have: the kernel must
;; reject the module at load ("unknown import atoll.frobnicate"), before it runs
;; (test/suite-sip.sh, configuration reject; test/suite-ipc.sh, a failed spawn).
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (import "atoll" "frobnicate" (func $frobnicate (param i32)))
  (func $_start (export "_start")
    (call $frobnicate (i32.const 1))))
