;; noports.wat — reads the keyboard's data port without declaring it: no atoll.caps
;; section at all. The kernel must reject it at load, naming the import (test/suite-caps.sh:
;; atoll-run --caps, and configuration "reject").
(module
  (import "atoll" "in8" (func $in8 (param i32) (result i32)))
  (func (export "_start")
    (drop (call $in8 (i32.const 0x60)))))
