import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { assertRank, assertSameShape } from './check';

/** Mean squared error over all elements (3 ops). `pred` and `target` must have one shape. */
export function mse(pred: Tensor, target: Tensor): Scalar {
  assertSameShape('mse', pred, target);
  return tf.mean(tf.squaredDifference(pred, target));
}

/** Per-task mean squared error of task-batched `pred [T, N, ...]`: a `[T]` vector. */
export function mseBatched(pred: Tensor, target: Tensor): Tensor {
  assertSameShape('mseBatched', pred, target);
  if (pred.rank < 2) assertRank('mseBatched', pred, 3, '[T, N, d]');
  const axes = pred.shape.map((_, i) => i).slice(1);
  return tf.mean(tf.squaredDifference(pred, target), axes);
}
