;; bigmem — a module whose initial memory is 1025 pages, 64 KiB more than the default
;; quota of 64 MiB (docs/sips.md): without mem= on its boot line (mem=65M or more) the
;; kernel refuses it at load, before compiling it; with one, it runs and says so.
;; test/suite-sip.sh (configuration quota) loads it both ways.
(module
  (import "atoll" "write" (func $write (param i32 i32) (result i32)))
  (memory 1025)
  (data (i32.const 0) "bigmem: running with 1025 pages\n")
  (func $start (export "_start")
    (drop (call $write (i32.const 0) (i32.const 32)))))
