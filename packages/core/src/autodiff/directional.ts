/**
 * Nested directional derivatives and finite differences: the machinery behind checkGrad and the
 * capability-matrix tests. Order k is checked against central differences of order k−1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { grad } from './grad';

/**
 * h₀ = f, hₖ(x) = ⟨∇hₖ₋₁(x), vₖ⟩: the k-th directional derivative of `f` along
 * `directions[0..k-1]`, itself a scalar function computed with k nested gradients.
 */
export function directional(f: (x: tf.Tensor) => tf.Tensor, directions: readonly tf.Tensor[]): (x: tf.Tensor) => tf.Scalar {
  let h: (x: tf.Tensor) => tf.Tensor = f;
  for (const v of directions) {
    const prev = h;
    h = (x) => tf.sum(tf.mul(grad(prev)(x), v));
  }
  return h as (x: tf.Tensor) => tf.Scalar;
}

/**
 * Derivative of `h` along `v` at `x` by the 5-point central stencil
 * (−h(x+2εv) + 8h(x+εv) − 8h(x−εv) + h(x−2εv)) / 12ε, truncation error O(ε⁴). `h` is evaluated
 * in float32; the combination is done in float64.
 */
export function stencil(h: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, v: tf.Tensor, eps: number): Float64Array {
  const at = (s: number): Float64Array => {
    const values = tf.tidy(() => h(tf.add(x, tf.mul(v, s * eps))));
    const out = Float64Array.from(values.dataSync());
    values.dispose();
    return out;
  };
  const [p2, p1, m1, m2] = [at(2), at(1), at(-1), at(-2)] as [Float64Array, Float64Array, Float64Array, Float64Array];
  const out = new Float64Array(p1.length);
  for (let i = 0; i < out.length; i++) out[i] = (-p2[i]! + 8 * p1[i]! - 8 * m1[i]! + m2[i]!) / (12 * eps);
  return out;
}
