;; f32.min: NaN and -0/+0 handled around minss.
(module
  (func (param f32 f32) (result f32) local.get 0 local.get 1 f32.min))
