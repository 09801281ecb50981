;; hang.wast — a command that never ends, to check the runner's recovery: the hung
;; command must count as failed, and the commands after it must still run, against the
;; state that the commands before it built (the child that replaces the killed one
;; replays them silently).
(module
  (global (export "g") (mut i32) (i32.const 0))
  (func (export "set") (global.set 0 (i32.const 5)))
  (func (export "spin") (loop (br 0)))
  (func (export "one") (result i32) (i32.const 1))
)
(invoke "set")
(assert_return (invoke "spin"))
(assert_return (invoke "one") (i32.const 1))
(assert_return (get "g") (i32.const 5))
