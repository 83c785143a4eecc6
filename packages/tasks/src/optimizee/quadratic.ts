/**
 * Quadratic optimizees f(theta) = ||W theta - y||^2 with W and y IID standard normal, the
 * synthetic family of Andrychowicz et al., "Learning to learn by gradient descent by gradient
 * descent" (NeurIPS 2016), 10-D by default.
 */
import { type Key, type OptimizeeDistribution, type OptimizeeTask, type Params, type Split, MetatuneError, foldIn, random, tf } from '@metatune/core';
import { splitKey } from '../split-key';

/** Options of the quadratic family. */
export interface QuadraticOptions {
  /** Dimension of theta (default 10). */
  readonly dimension?: number;
  /** Rows of W (default: equal to `dimension`). */
  readonly rows?: number;
  /** The split tasks come from (default `train`). */
  readonly split?: Split;
}

/** A quadratic task; besides the contract it exposes W and y and the least-squares optimum. */
export interface QuadraticTask extends OptimizeeTask {
  /** W as a row-major Float64Array (`rows x dimension`). */
  readonly w: Float64Array;
  readonly y: Float64Array;
  readonly dimension: number;
  readonly rows: number;
}

/**
 * The quadratic family. `init` gives `{ theta: [d] }` drawn from N(0, 1); `loss(params)` is
 * `sum((W theta - y)^2)` (differentiable with any core `grad`; minimisable by any core optimizer).
 *
 * @example
 * const task = quadratics().sample(makeKey(0));
 * const loss = task.loss(task.init(makeKey(1)));
 */
export function quadratics(options: QuadraticOptions = {}): OptimizeeDistribution {
  const d = options.dimension ?? 10;
  const rows = options.rows ?? d;
  const split = options.split ?? 'train';
  for (const [what, v] of [['dimension', d], ['rows', rows]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new MetatuneError('INVALID_ARGUMENT', `quadratic ${what} must be a positive integer, got ${v}`);
  }
  return {
    name: 'quadratic',
    split,
    sample(key: Key): QuadraticTask {
      const k = splitKey(key, split);
      const w = random.normal(foldIn(k, 0), rows * d);
      const y = random.normal(foldIn(k, 1), rows);
      const wT = tf.keep(tf.tensor2d(Float32Array.from(w), [rows, d]));
      const yT = tf.keep(tf.tensor2d(Float32Array.from(y), [rows, 1]));
      return {
        w,
        y,
        dimension: d,
        rows,
        init: (initKey: Key): Params => ({ theta: tf.tensor1d(Float32Array.from(random.normal(initKey, d))) }),
        loss: (params: Params) =>
          tf.tidy(() => {
            const theta = params.theta as tf.Tensor;
            const r = tf.sub(tf.matMul(wT, tf.reshape(theta, [d, 1])), yT);
            return tf.sum(tf.square(r));
          }),
        dispose() {
          wT.dispose();
          yT.dispose();
        },
      };
    },
  };
}
