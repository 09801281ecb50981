;; Functions with parameters, for --invoke.
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mix") (param i64 f32 f64) (result f64)
    (f64.add (f64.add (f64.convert_i64_s (local.get 0)) (f64.promote_f32 (local.get 1))) (local.get 2)))
  (func (export "bits") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "many") (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (i32.sub (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3)))
                      (i32.add (i32.add (local.get 4) (local.get 5)) (i32.add (local.get 6) (local.get 7))))
             (i32.add (local.get 8) (local.get 9))))
  (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0)))
)
