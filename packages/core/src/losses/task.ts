import type { Tensor } from '@tensorflow/tfjs-core';
import { accuracy, accuracyBatched, softmaxCrossEntropy, softmaxCrossEntropyBatched } from './classification';
import { mse, mseBatched } from './regression';

/** Whether targets are class labels (int32, classification) rather than regression values. */
export function isClassification(y: Tensor): boolean {
  return y.dtype === 'int32';
}

/**
 * The loss a meta-learner uses for a task, picked from the targets: softmax cross-entropy for
 * int32 labels, mean squared error otherwise. Task-batched predictions `[T, N, ...]` give one
 * loss per task `[T]`; a single task gives a scalar.
 */
export function taskLosses(pred: Tensor, y: Tensor, batched: boolean): Tensor {
  if (isClassification(y)) return batched ? softmaxCrossEntropyBatched(pred, y) : softmaxCrossEntropy(pred, y);
  return batched ? mseBatched(pred, y) : mse(pred, y);
}

/** Per-task accuracies `[T]` of task-batched logits, or the scalar accuracy of one task. */
export function taskAccuracies(pred: Tensor, y: Tensor, batched: boolean): Tensor {
  return batched ? accuracyBatched(pred, y) : accuracy(pred, y);
}
