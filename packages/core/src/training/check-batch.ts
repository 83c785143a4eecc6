import { MetatuneError } from '../errors';
import type { TaskBatch } from '../contracts/task';

/**
 * Checks a task batch before any work: every tensor present, a task axis and an example axis,
 * the same task count everywhere, x and y with the same examples, and no empty support set.
 * Meta-learners call it first, so a bad batch fails with `SHAPE_MISMATCH` or `INVALID_ARGUMENT`
 * naming `where` and the tensor, before any state is touched.
 *
 * @example
 * training.checkTaskBatch(batch, 'maml'); // e.g. 'maml: query.x holds 4 tasks but the batch says size 5'
 */
export function checkTaskBatch(batch: TaskBatch, where: string): void {
  const shapes = {
    'support.x': batch?.support?.x?.shape,
    'support.y': batch?.support?.y?.shape,
    'query.x': batch?.query?.x?.shape,
    'query.y': batch?.query?.y?.shape,
  };
  for (const [name, shape] of Object.entries(shapes)) {
    if (!shape) throw new MetatuneError('SHAPE_MISMATCH', `${where}: the task batch lacks ${name}`, { hint: 'pass a TaskBatch from distribution.sampleBatch(key, size)' });
    if (shape.length < 2) {
      throw new MetatuneError('SHAPE_MISMATCH', `${where}: ${name} has shape [${shape.join(',')}], expected a task axis and an example axis`, {
        hint: 'task batches are [T, N, ...]; use distribution.sampleBatch, not sample',
      });
    }
  }
  const T = batch.size;
  if (!Number.isInteger(T) || T < 1) throw new MetatuneError('INVALID_ARGUMENT', `${where}: the task batch holds ${String(T)} tasks`, { hint: 'sample at least one task (batchSize >= 1)' });
  for (const [name, shape] of Object.entries(shapes)) {
    if (shape![0] !== T) throw new MetatuneError('SHAPE_MISMATCH', `${where}: ${name} holds ${shape![0]} tasks but the batch says size ${T}`, { hint: 'every tensor of a batch needs the same leading task axis' });
  }
  for (const part of ['support', 'query'] as const) {
    const x = shapes[`${part}.x`]!;
    const y = shapes[`${part}.y`]!;
    if (x[1] !== y[1]) throw new MetatuneError('SHAPE_MISMATCH', `${where}: ${part}.x has ${x[1]} examples per task but ${part}.y has ${y[1]}`, { hint: 'x and y need the same example axis' });
  }
  if (shapes['support.x']![1] === 0) {
    throw new MetatuneError('INVALID_ARGUMENT', `${where}: the tasks have an empty support set (0 examples)`, { hint: 'meta-learners adapt on the support set: sample tasks with shots >= 1' });
  }
}
