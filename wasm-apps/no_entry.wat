;; no_entry.wat — a valid module without the `_start` export: there is no entry point,
;; so it is rejected at load, before anything of it is instantiated (test/suite-sip.sh,
;; configuration reject).
(module
  (func $main (export "main") (result i32)
    (i32.const 0)))
