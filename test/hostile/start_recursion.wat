;; start_recursion — a start function that recurses for ever: "call stack exhausted"
;; during instantiation.
;; module => start trap: call stack exhausted in $init
(module
  (func $init (call $init))
  (start $init)
  (func $_start (export "_start"))
)
