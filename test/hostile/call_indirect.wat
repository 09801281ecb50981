;; call_indirect — type confusion and bad indices. A table slot holds a function of one
;; type; calling it as another must trap with "indirect call type mismatch" whatever the
;; two have in common: the same number of parameters, the same parameter types but
;; different results, parameters where the other has results. A reference taken from a
;; second table carries its own type along. An index at or past the table's size (up to
;; 0xFFFFFFFF, which must not wrap or be read as -1) is "undefined element"; an empty slot
;; is "uninitialized element". Types declared twice (same structure, another index) match.
(module
  (type $i32_i32 (func (param i32) (result i32)))
  (type $f32_f32 (func (param f32) (result f32)))
  (type $i64_i64 (func (param i64) (result i64)))
  (type $i32i32_i32 (func (param i32 i32) (result i32)))
  (type $i32i64_i32 (func (param i32 i64) (result i32)))
  (type $v_i32 (func (result i32)))
  (type $i32_v (func (param i32)))
  (type $i32_i32_again (func (param i32) (result i32)))   ;; the same type as $i32_i32
  (type $i32_i64 (func (param i32) (result i64)))
  (func $inc (type $i32_i32) (i32.add (local.get 0) (i32.const 1)))
  (func $half (type $f32_f32) (f32.mul (local.get 0) (f32.const 0.5)))
  (func $neg64 (type $i64_i64) (i64.sub (i64.const 0) (local.get 0)))
  (func $add (type $i32i32_i32) (i32.add (local.get 0) (local.get 1)))
  (func $seven (type $v_i32) (i32.const 7))
  (func $sink (type $i32_v))
  (func $widen (type $i32_i64) (i64.extend_i32_u (local.get 0)))
  (table $t 8 funcref)          ;; slots 0-6 filled, 7 empty
  (elem (table $t) (i32.const 0) func $inc $half $neg64 $add $seven $sink $widen)
  (table $other 2 funcref)      ;; a second table: slot 0 holds $half
  (elem (table $other) (i32.const 0) func $half)
  (func $id (param i32) (result i32) (local.get 0))

  (func $ok (export "right_type") (result i32)   ;; => i32:42
    (call_indirect $t (type $i32_i32) (i32.const 41) (i32.const 0)))
  (func $again (export "same_type_declared_twice") (result i32)   ;; => i32:42
    (call_indirect $t (type $i32_i32_again) (i32.const 41) (call $id (i32.const 0))))
  (func $c1 (export "i32_as_f32_same_arity") (result i32)   ;; => trap: indirect call type mismatch in $c1
    (i32.reinterpret_f32 (call_indirect $t (type $f32_f32) (f32.const 1) (call $id (i32.const 0)))))
  (func $c2 (export "f32_as_i32_same_arity") (result i32)   ;; => trap: indirect call type mismatch in $c2
    (call_indirect $t (type $i32_i32) (i32.const 1) (call $id (i32.const 1))))
  (func $c3 (export "i64_as_i32") (result i32)   ;; => trap: indirect call type mismatch in $c3
    (call_indirect $t (type $i32_i32) (i32.const 1) (call $id (i32.const 2))))
  (func $c4 (export "second_param_differs") (result i32)   ;; => trap: indirect call type mismatch in $c4
    (call_indirect $t (type $i32i64_i32) (i32.const 1) (i64.const 2) (call $id (i32.const 3))))
  (func $c5 (export "results_for_params") (result i32)   ;; => trap: indirect call type mismatch in $c5
    (call_indirect $t (type $v_i32) (call $id (i32.const 5))))
  (func $c6 (export "params_for_results")   ;; => trap: indirect call type mismatch in $c6
    (call_indirect $t (type $i32_v) (i32.const 9) (call $id (i32.const 4))))
  (func $c7 (export "same_params_other_result") (result i32)   ;; => trap: indirect call type mismatch in $c7
    (call_indirect $t (type $i32_i32) (i32.const 9) (call $id (i32.const 6))))
  (func $c8 (export "constant_index_wrong_type") (result i32)   ;; => trap: indirect call type mismatch in $c8
    (call_indirect $t (type $i32_i32) (i32.const 9) (i32.const 6)))
  ;; a reference from the other table, moved into $t: its type moves with it
  (func $x1 (export "from_other_table_wrong_type") (result i32)   ;; => trap: indirect call type mismatch in $x1
    (table.set $t (i32.const 0) (table.get $other (i32.const 0)))
    (call_indirect $t (type $i32_i32) (i32.const 1) (i32.const 0)))
  (func $x2 (export "from_other_table_right_type") (result i32)   ;; => i32:0x40000000
    (table.copy $t $other (i32.const 7) (i32.const 0) (i32.const 1))
    (i32.reinterpret_f32 (call_indirect $t (type $f32_f32) (f32.const 4) (i32.const 7))))
  (func $x3 (export "other_table_directly_wrong") (result i32)   ;; => trap: indirect call type mismatch in $x3
    (call_indirect $other (type $i32_i32) (i32.const 1) (call $id (i32.const 0))))
  ;; indices
  (func $u1 (export "index_size") (result i32)   ;; => trap: undefined element in $u1
    (call_indirect $t (type $i32_i32) (i32.const 1) (call $id (i32.const 8))))
  (func $u2 (export "index_size_plus_1") (result i32)   ;; => trap: undefined element in $u2
    (call_indirect $t (type $i32_i32) (i32.const 1) (call $id (i32.const 9))))
  (func $u3 (export "index_0xffffffff") (result i32)   ;; => trap: undefined element in $u3
    (call_indirect $t (type $i32_i32) (i32.const 1) (call $id (i32.const -1))))
  (func $u4 (export "index_0xffffffff_const") (result i32)   ;; => trap: undefined element in $u4
    (call_indirect $t (type $i32_i32) (i32.const 1) (i32.const -1)))
  (func $u5 (export "index_0x80000000") (result i32)   ;; => trap: undefined element in $u5
    (call_indirect $t (type $i32_i32) (i32.const 1) (call $id (i32.const 0x80000000))))
  (func $u6 (export "index_0x100000000_minus_size") (result i32)   ;; => trap: undefined element in $u6
    (call_indirect $t (type $i32_i32) (i32.const 1) (call $id (i32.const -8))))
  (func $n1 (export "empty_slot") (result i32)   ;; => trap: uninitialized element in $n1
    (call_indirect $t (type $i32_i32) (i32.const 1) (call $id (i32.const 7))))
  (func $n2 (export "nulled_slot") (result i32)   ;; => trap: uninitialized element in $n2
    (table.set $t (i32.const 0) (ref.null func))
    (call_indirect $t (type $i32_i32) (i32.const 1) (i32.const 0)))
  ;; after table.grow the new slots exist but are empty; one past them does not exist
  (func $g1 (export "grown_slot_empty") (result i32)   ;; => trap: uninitialized element in $g1
    (drop (table.grow $t (ref.null func) (i32.const 2)))
    (call_indirect $t (type $i32_i32) (i32.const 1) (call $id (i32.const 9))))
  (func $g2 (export "grown_slot_filled") (result i32)   ;; => i32:6
    (drop (table.grow $t (ref.func $inc) (i32.const 2)))
    (call_indirect $t (type $i32_i32) (i32.const 5) (call $id (i32.const 9))))
  (func $g3 (export "past_grown_size") (result i32)   ;; => trap: undefined element in $g3
    (drop (table.grow $t (ref.func $inc) (i32.const 2)))
    (call_indirect $t (type $i32_i32) (i32.const 5) (call $id (i32.const 10))))
)
