;; table_too_big — a table of 10,000,001 slots, one past Atoll's limit: the instance cannot
;; be made (an 80 MB table is refused, not attempted), and nothing is left behind.
;; module => instantiation fails: cannot allocate table of 10000001 elements
(module
  (table 10000001 funcref)
  (func $_start (export "_start") (result i32) (i32.const 99))
)
