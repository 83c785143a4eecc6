import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { assertLabels, assertRank } from './check';

/**
 * Per-row cross-entropy `logsumexp(logits) - logits[label]`, shape `logits.shape[:-1]`.
 * Stable: the row max is subtracted before `exp`. Built only from sub, exp, sum, log, max, oneHot
 * and mul, so it differentiates to any order; the gradient through the max cancels exactly
 * (d/dm [m + log sum exp(x - m)] = 0), so the max needs no stop-gradient.
 */
export function crossEntropyPerRow(logits: Tensor, labels: Tensor): Tensor {
  const classes = logits.shape[logits.rank - 1];
  const axis = logits.rank - 1;
  const shifted = tf.sub(logits, tf.max(logits, axis, true));
  const logSumExp = tf.log(tf.sum(tf.exp(shifted), axis));
  const picked = tf.sum(tf.mul(shifted, tf.oneHot(labels, classes)), axis);
  return tf.sub(logSumExp, picked);
}

/** Mean softmax cross-entropy of `logits [..., C]` against int32 class `labels [...]` (stable, any-order differentiable). */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Scalar {
  assertLabels('softmaxCrossEntropy', logits, labels);
  return tf.mean(crossEntropyPerRow(logits, labels));
}

/** Per-task mean softmax cross-entropy of `logits [T, N, C]` and `labels [T, N]`: a `[T]` vector. */
export function softmaxCrossEntropyBatched(logits: Tensor, labels: Tensor): Tensor {
  assertRank('softmaxCrossEntropyBatched', logits, 3, 'logits [T, N, C]');
  assertLabels('softmaxCrossEntropyBatched', logits, labels);
  return tf.mean(crossEntropyPerRow(logits, labels), 1);
}

/** Fraction of rows whose arg-max logit is the label (a float32 scalar; not differentiable). */
export function accuracy(logits: Tensor, labels: Tensor): Scalar {
  assertLabels('accuracy', logits, labels);
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')));
}

/** Per-task accuracy of `logits [T, N, C]` and `labels [T, N]`: a `[T]` vector (not differentiable). */
export function accuracyBatched(logits: Tensor, labels: Tensor): Tensor {
  assertRank('accuracyBatched', logits, 3, 'logits [T, N, C]');
  assertLabels('accuracyBatched', logits, labels);
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32'), 1));
}
