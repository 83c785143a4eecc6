import type { Tensor } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';

const text = (t: Tensor): string => `[${t.shape.join(',')}]`;

/** Throws `SHAPE_MISMATCH` unless `pred` and `target` have one shape. */
export function assertSameShape(fn: string, pred: Tensor, target: Tensor): void {
  if (pred.rank !== target.rank || pred.shape.some((d, i) => d !== target.shape[i])) {
    throw new MetatuneError('SHAPE_MISMATCH', `${fn}: predictions ${text(pred)} and targets ${text(target)} differ in shape`, {
      hint: 'reshape the targets to the model output shape (e.g. y as [N,1] for a 1-output model)',
    });
  }
}

/** Throws `SHAPE_MISMATCH` unless `labels` are `logits` without the class axis, `INVALID_ARGUMENT` unless int32. */
export function assertLabels(fn: string, logits: Tensor, labels: Tensor, minRank = 1): void {
  if (logits.rank < minRank + 1 || labels.rank !== logits.rank - 1 || labels.shape.some((d, i) => d !== logits.shape[i])) {
    throw new MetatuneError('SHAPE_MISMATCH', `${fn}: logits ${text(logits)} and labels ${text(labels)} do not match`, {
      hint: 'labels hold one class index per row of logits: logits [..., C] with labels [...]',
    });
  }
  if (labels.dtype !== 'int32') {
    throw new MetatuneError('INVALID_ARGUMENT', `${fn}: labels must be int32 class indices, got ${labels.dtype}`, {
      hint: "build them with tf.tensor(values, shape, 'int32') or tf.cast(labels, 'int32')",
    });
  }
}

/** Throws `SHAPE_MISMATCH` unless `t` has rank `rank` (a task-batched `[T, N, ...]` input). */
export function assertRank(fn: string, t: Tensor, rank: number, layout: string): void {
  if (t.rank !== rank) {
    throw new MetatuneError('SHAPE_MISMATCH', `${fn}: expected ${layout}, got ${text(t)}`, {
      hint: `pass a rank-${rank} tensor ${layout}; for one task use the unbatched function`,
    });
  }
}
