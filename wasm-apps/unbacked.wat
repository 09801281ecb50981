;; unbacked.wat — an initial memory of 9000 pages (562.5 MiB), more than QEMU's 512 MiB of
;; RAM: within a quota of mem=1G, but its frames cannot be promised (docs/sips.md,
;; commits are reservations), so it is rejected at load before anything of it runs
;; (test/suite-sip.sh, configuration oom).
(module
  (memory 9000)
  (func $start (export "_start") (result i32)
    (i32.const 0)))
