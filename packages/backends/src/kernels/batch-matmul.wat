;; Batched matrix products for tfjs-backend-wasm, on the backend's own linear memory.
;;
;; Why: tfjs-backend-wasm multiplies a batch of small matrices with a scalar loop (XNNPACK only
;; serves batch 1), so the [25,10,40] x [25,40,40] products of a task-batched MAML step run at
;; under 1 GFLOP/s and dominate it. These kernels use 128-bit SIMD.
;;
;; All three compute, for t < batch, i < m, j < n:
;;   c[(t*m + i)*n + j] = sum_{p < k} A(t, i, p) * B(t, p, j)
;; with A(t, i, p) at byte a + t*sab + i*sai + p*sap and B(t, p, j) at b + t*sbb + p*sbp + j*sbj;
;; c is contiguous. Strides are in bytes, so transposed operands and a broadcast batch (stride 0)
;; need no copy. The caller picks the function that matches the strides.
(module
  (import "env" "memory" (memory 0))

  ;; B contiguous along j (sbj = 4): 16 or 4 columns of c at a time, A(t, i, p) splatted.
  (func (export "bmmColumns")
    (param $a i32) (param $b i32) (param $c i32)
    (param $batch i32) (param $m i32) (param $n i32) (param $k i32)
    (param $sab i32) (param $sai i32) (param $sap i32) (param $sbb i32) (param $sbp i32)
    (local $t i32) (local $i i32) (local $j i32) (local $p i32)
    (local $arow i32) (local $bmat i32) (local $ap i32) (local $bp i32) (local $crow i32)
    (local $n16 i32) (local $n4 i32)
    (local $av v128) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $s f32)
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $crow (local.get $c))
    (block $batches_done (loop $batches
      (br_if $batches_done (i32.ge_u (local.get $t) (local.get $batch)))
      (local.set $arow (i32.add (local.get $a) (i32.mul (local.get $t) (local.get $sab))))
      (local.set $bmat (i32.add (local.get $b) (i32.mul (local.get $t) (local.get $sbb))))
      (local.set $i (i32.const 0))
      (block $rows_done (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        ;; 16 columns at a time
        (block $wide_done (loop $wide
          (br_if $wide_done (i32.ge_u (local.get $j) (local.get $n16)))
          (local.set $acc0 (v128.const i32x4 0 0 0 0))
          (local.set $acc1 (v128.const i32x4 0 0 0 0))
          (local.set $acc2 (v128.const i32x4 0 0 0 0))
          (local.set $acc3 (v128.const i32x4 0 0 0 0))
          (local.set $ap (local.get $arow))
          (local.set $bp (i32.add (local.get $bmat) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $p (local.get $k))
          (block $sum_done (loop $sum
            (br_if $sum_done (i32.eqz (local.get $p)))
            (local.set $av (f32x4.splat (f32.load (local.get $ap))))
            (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $bp)))))
            (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $bp)))))
            (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $av) (v128.load offset=32 (local.get $bp)))))
            (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $av) (v128.load offset=48 (local.get $bp)))))
            (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
            (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $sum)))
          (v128.store offset=0 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc0))
          (v128.store offset=16 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc1))
          (v128.store offset=32 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc2))
          (v128.store offset=48 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc3))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $wide)))
        ;; 4 columns at a time
        (block $narrow_done (loop $narrow
          (br_if $narrow_done (i32.ge_u (local.get $j) (local.get $n4)))
          (local.set $acc0 (v128.const i32x4 0 0 0 0))
          (local.set $ap (local.get $arow))
          (local.set $bp (i32.add (local.get $bmat) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $p (local.get $k))
          (block $sum_done (loop $sum
            (br_if $sum_done (i32.eqz (local.get $p)))
            (local.set $acc0 (f32x4.add (local.get $acc0)
              (f32x4.mul (f32x4.splat (f32.load (local.get $ap))) (v128.load (local.get $bp)))))
            (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
            (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $sum)))
          (v128.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc0))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $narrow)))
        ;; the last n mod 4 columns, one at a time
        (block $tail_done (loop $tail
          (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $s (f32.const 0))
          (local.set $ap (local.get $arow))
          (local.set $bp (i32.add (local.get $bmat) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $p (local.get $k))
          (block $sum_done (loop $sum
            (br_if $sum_done (i32.eqz (local.get $p)))
            (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $ap)) (f32.load (local.get $bp)))))
            (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
            (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $sum)))
          (f32.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $s))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $tail)))
        (local.set $crow (i32.add (local.get $crow) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $arow (i32.add (local.get $arow) (local.get $sai)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $batches))))

  ;; A and B both contiguous along p (sap = sbp = 4, e.g. B transposed): dot products, 4 terms
  ;; at a time.
  (func (export "bmmDots")
    (param $a i32) (param $b i32) (param $c i32)
    (param $batch i32) (param $m i32) (param $n i32) (param $k i32)
    (param $sab i32) (param $sai i32) (param $sbb i32) (param $sbj i32)
    (local $t i32) (local $i i32) (local $j i32) (local $p i32)
    (local $arow i32) (local $bmat i32) (local $ap i32) (local $bp i32) (local $cp i32)
    (local $k4 i32) (local $acc v128) (local $s f32)
    (local.set $k4 (i32.and (local.get $k) (i32.const -4)))
    (local.set $cp (local.get $c))
    (block $batches_done (loop $batches
      (br_if $batches_done (i32.ge_u (local.get $t) (local.get $batch)))
      (local.set $arow (i32.add (local.get $a) (i32.mul (local.get $t) (local.get $sab))))
      (local.set $bmat (i32.add (local.get $b) (i32.mul (local.get $t) (local.get $sbb))))
      (local.set $i (i32.const 0))
      (block $rows_done (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $cols_done (loop $cols
          (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $acc (v128.const i32x4 0 0 0 0))
          (local.set $ap (local.get $arow))
          (local.set $bp (i32.add (local.get $bmat) (i32.mul (local.get $j) (local.get $sbj))))
          (local.set $p (i32.const 0))
          (block $vec_done (loop $vec
            (br_if $vec_done (i32.ge_u (local.get $p) (local.get $k4)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (local.get $ap)) (v128.load (local.get $bp)))))
            (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
            (local.set $bp (i32.add (local.get $bp) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $vec)))
          (local.set $s (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
          (block $tail_done (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $ap)) (f32.load (local.get $bp)))))
            (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
            (local.set $bp (i32.add (local.get $bp) (i32.const 4)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $tail)))
          (f32.store (local.get $cp) (local.get $s))
          (local.set $cp (i32.add (local.get $cp) (i32.const 4)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $cols)))
        (local.set $arow (i32.add (local.get $arow) (local.get $sai)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $batches))))

  ;; Any strides, one product at a time (both operands transposed, or B strided along j).
  (func (export "bmmStrided")
    (param $a i32) (param $b i32) (param $c i32)
    (param $batch i32) (param $m i32) (param $n i32) (param $k i32)
    (param $sab i32) (param $sai i32) (param $sap i32) (param $sbb i32) (param $sbp i32) (param $sbj i32)
    (local $t i32) (local $i i32) (local $j i32) (local $p i32)
    (local $arow i32) (local $bmat i32) (local $ap i32) (local $bp i32) (local $cp i32) (local $s f32)
    (local.set $cp (local.get $c))
    (block $batches_done (loop $batches
      (br_if $batches_done (i32.ge_u (local.get $t) (local.get $batch)))
      (local.set $arow (i32.add (local.get $a) (i32.mul (local.get $t) (local.get $sab))))
      (local.set $bmat (i32.add (local.get $b) (i32.mul (local.get $t) (local.get $sbb))))
      (local.set $i (i32.const 0))
      (block $rows_done (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $cols_done (loop $cols
          (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $s (f32.const 0))
          (local.set $ap (local.get $arow))
          (local.set $bp (i32.add (local.get $bmat) (i32.mul (local.get $j) (local.get $sbj))))
          (local.set $p (local.get $k))
          (block $sum_done (loop $sum
            (br_if $sum_done (i32.eqz (local.get $p)))
            (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $ap)) (f32.load (local.get $bp)))))
            (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
            (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $sum)))
          (f32.store (local.get $cp) (local.get $s))
          (local.set $cp (i32.add (local.get $cp) (i32.const 4)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $cols)))
        (local.set $arow (i32.add (local.get $arow) (local.get $sai)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $batches)))))
