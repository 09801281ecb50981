;; br_table — an index past the table's targets takes the default target, however
;; large: the table's length, length+1, 0x7FFFFFFF, 0x80000000 (negative as a signed
;; number), 0xFFFFFFFF (-1). A backend that indexed a jump table with the raw index, or
;; compared it as signed, would jump into the weeds. Indices are tried as constants
;; (folded at compile time) and as run-time values, with and without a value carried
;; along, on a table of 3 targets, a table of 300 and a table with no targets at all.
(module
  (func $id (param i32) (result i32) (local.get 0))
  ;; 3 targets: 10, 11, 12; default: 99
  (func $small (param $i i32) (result i32)
    (block $d (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $d (local.get $i)))
      (return (i32.const 10)))
      (return (i32.const 11)))
      (return (i32.const 12)))
    (i32.const 99))
  ;; the same, carrying a value to the target: the value + 1000 * target
  (func $carry (param $i i32) (result i32)
    (block $d (result i32) (block $b2 (result i32) (block $b1 (result i32) (block $b0 (result i32)
      (br_table $b0 $b1 $b2 $d (i32.const 7) (local.get $i)))
      (return (i32.add (i32.const 1000))))
      (return (i32.add (i32.const 2000))))
      (return (i32.add (i32.const 3000))))
    (i32.add (i32.const 9000)))
  ;; 300 targets, cycling through three labels; default: 99
  (func $big (param $i i32) (result i32)
    (block $d (block $b2 (block $b1 (block $b0
      (br_table
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2 $b0 $b1 $b2
        $b0 $b1 $b2 $b0 $b1 $b2
        $d (local.get $i)))
      (return (i32.const 10)))
      (return (i32.const 11)))
      (return (i32.const 12)))
    (i32.const 99))
  ;; no targets: everything goes to the default
  (func $none (param $i i32) (result i32)
    (block $d (br_table $d (local.get $i)) (return (i32.const 1)))
    (i32.const 99))
  (func $s0 (export "small_index_2") (result i32) (call $small (i32.const 2)))   ;; => i32:12
  (func $s1 (export "small_index_3") (result i32) (call $small (i32.const 3)))   ;; => i32:99
  (func $s2 (export "small_index_4") (result i32) (call $small (i32.const 4)))   ;; => i32:99
  (func $s3 (export "small_index_0x7fffffff") (result i32) (call $small (i32.const 0x7FFFFFFF)))   ;; => i32:99
  (func $s4 (export "small_index_0x80000000") (result i32) (call $small (i32.const 0x80000000)))   ;; => i32:99
  (func $s5 (export "small_index_0xffffffff") (result i32) (call $small (i32.const -1)))   ;; => i32:99
  (func $s6 (export "small_index_0xfffffffd") (result i32) (call $small (i32.const -3)))   ;; => i32:99
  (func $k1 (export "const_index_0xffffffff") (result i32)   ;; => i32:99
    (block $d (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $d (i32.const -1)))
      (return (i32.const 10)))
      (return (i32.const 11)))
      (return (i32.const 12)))
    (i32.const 99))
  (func $k2 (export "const_index_0x80000000") (result i32)   ;; => i32:99
    (block $d (block $b0 (br_table $b0 $d (i32.const 0x80000000))) (return (i32.const 10)))
    (i32.const 99))
  (func $c0 (export "carry_index_1") (result i32) (call $carry (i32.const 1)))   ;; => i32:2007
  (func $c1 (export "carry_index_0xffffffff") (result i32) (call $carry (i32.const -1)))   ;; => i32:9007
  (func $c2 (export "carry_index_0x80000000") (result i32) (call $carry (i32.const 0x80000000)))   ;; => i32:9007
  (func $b0 (export "big_index_299") (result i32) (call $big (call $id (i32.const 299))))   ;; => i32:12
  (func $b1 (export "big_index_300") (result i32) (call $big (call $id (i32.const 300))))   ;; => i32:99
  (func $b2 (export "big_index_0xffffffff") (result i32) (call $big (i32.const -1)))   ;; => i32:99
  (func $b3 (export "big_index_0x80000000") (result i32) (call $big (i32.const 0x80000000)))   ;; => i32:99
  (func $b4 (export "big_index_0x100000000_minus_300") (result i32) (call $big (i32.const -300)))   ;; => i32:99
  (func $n0 (export "no_targets_index_0") (result i32) (call $none (i32.const 0)))   ;; => i32:99
  (func $n1 (export "no_targets_index_0xffffffff") (result i32) (call $none (i32.const -1)))   ;; => i32:99
)
