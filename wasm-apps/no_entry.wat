;; no_entry.wat — a valid module without the `_start` export: nothing to run, so it is
;; rejected at load.
(module
  (func $main (export "main") (result i32)
    (i32.const 0)))
