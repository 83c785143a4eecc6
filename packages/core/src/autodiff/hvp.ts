import * as tf from '@tensorflow/tfjs-core';
import { grad } from './grad';
import { assertSameStructure, flatten, type Differentiable } from './tree';

/**
 * Hessian-vector product H(p)·v of the scalar function `f`, shaped like `p`, computed as the
 * gradient of ⟨∇f(p), v⟩ (reverse over reverse). `v` must have the structure and shapes of `p`
 * (SHAPE_MISMATCH otherwise). Costs about two gradient evaluations; nests like {@link grad}.
 */
export function hvp<P extends Differentiable>(f: (p: P) => tf.Tensor, p: P, v: P): P {
  const fp = flatten(p);
  const fv = flatten(v, 'v');
  assertSameStructure(fp, fv, 'hvp: v');
  return grad((q: P) => {
    const g = flatten(grad(f)(q)).leaves;
    return tf.addN(g.map((gi, i) => tf.sum(tf.mul(gi, fv.leaves[i]!)))) as tf.Scalar;
  })(p);
}
