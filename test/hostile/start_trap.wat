;; start_trap — the start function stores far outside memory while the instance is being
;; made. The trap ends the module there (the SIP: before _start ever runs), and whatever
;; the instance had allocated is freed.
;; module => start trap: out of bounds memory access in $init
(module
  (memory 1)
  (func $init
    (i32.store (i32.const 0x10000) (i32.const 1)))
  (start $init)
  (func $_start (export "_start") (result i32)   ;; never runs
    (i32.const 99))
)
