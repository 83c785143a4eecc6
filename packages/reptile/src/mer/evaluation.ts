/**
 * Evaluation helpers of the continual learners: accuracy (or loss) of a model on a labelled set,
 * computed in chunks so that a large test set never builds one huge graph.
 */
import { MetatuneError, losses, tf, type DataSet, type nn, type Params } from '@metatune/core';
import { exampleLoss } from './updates';

const CHUNK = 1024;

function chunks(data: DataSet, visit: (x: tf.Tensor, y: tf.Tensor, n: number) => number): number {
  const n = data.x.shape[0];
  if (n === 0 || data.y.shape[0] !== n) {
    throw new MetatuneError('SHAPE_MISMATCH', `evaluation needs x [N, ...] and y [N, ...] with the same N > 0, got x [${data.x.shape}] y [${data.y.shape}]`, {
      hint: 'pass a task\'s test set',
    });
  }
  let total = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const size = Math.min(CHUNK, n - start);
    total += tf.tidy(() => {
      const x = tf.slice(data.x, [start], [size]);
      const y = tf.slice(data.y, [start], [size]);
      return visit(x, y, size);
    });
  }
  return total / n;
}

/** Fraction of `data`'s examples (int32 labels) that the model classifies correctly. */
export function classificationAccuracy(model: nn.Module, params: Params, data: DataSet): number {
  if (data.y?.dtype !== 'int32') {
    throw new MetatuneError('INVALID_ARGUMENT', `accuracy needs int32 class labels, got ${String(data.y?.dtype)} targets`, { hint: 'use meanLoss for regression targets' });
  }
  return chunks(data, (x, y, n) => losses.accuracy(model.apply(params, x), y).dataSync()[0] * n);
}

/** Mean loss of the model on `data` (cross-entropy for int32 labels, MSE otherwise). */
export function meanLoss(model: nn.Module, params: Params, data: DataSet): number {
  return chunks(data, (x, y, n) => exampleLoss(model.apply(params, x), y).dataSync()[0] * n);
}
