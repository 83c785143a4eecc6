/**
 * Reptile's inner loop: plain optimizer steps on a task's support set, off the gradient tape
 * (Reptile needs no derivative through the inner loop), for a whole task batch at once
 * (params with a leading task axis, one graph per step) or for one task.
 */
import {
  foldIn,
  leaves,
  losses,
  mapParams,
  optim,
  random,
  tf,
  valueAndGrad,
  type DataSet,
  type Key,
  type Params,
} from '@metatune/core';

// The per-task loss and accuracy are core's (`losses.taskLosses`, ...), shared with the other meta-learners.
export const { isClassification, taskLosses, taskAccuracies } = losses;

/** The tensors of a params tree (for disposal). */
export function tensorsOf(p: Params): tf.Tensor[] {
  return leaves(p).map(([, t]) => t);
}

/** Whether `params` run task-batched: `auto` picks batched when every leaf has rank <= 2 (dense/MLP). */
export function runsBatched(execution: 'auto' | 'batched' | 'per-task', params: Params): boolean {
  if (execution !== 'auto') return execution === 'batched';
  return leaves(params).every(([, t]) => t.rank <= 2);
}

/**
 * The support-set indices of each inner step: task t, step k takes positions `k*b .. (k+1)*b` of
 * a stream of random permutations of its `examples` indices (a fresh permutation per pass, from
 * `foldIn(foldIn(key, t), pass)`). Drawn on the host, so the backend only gathers.
 * Returns `[step][task]` index arrays.
 */
export function minibatchPlan(key: Key, tasks: number, examples: number, batch: number, steps: number): Int32Array[][] {
  const plan: Int32Array[][] = Array.from({ length: steps }, () => []);
  for (let t = 0; t < tasks; t++) {
    const taskKey = foldIn(key, t);
    let pass = -1;
    let perm: Int32Array = new Int32Array(0);
    let position = examples;
    for (let k = 0; k < steps; k++) {
      const picked = new Int32Array(batch);
      for (let i = 0; i < batch; i++) {
        if (position === examples) {
          pass += 1;
          perm = random.permutation(foldIn(taskKey, pass), examples);
          position = 0;
        }
        picked[i] = perm[position++];
      }
      plan[k].push(picked);
    }
  }
  return plan;
}

/** Copies theta along a new leading task axis `[T, ...]` (off the tape, so a plain tile). */
export function tileParams(theta: Params, tasks: number): Params {
  return mapParams(theta, (t) => tf.tile(tf.expandDims(t, 0), [tasks, ...t.shape.map(() => 1)]));
}

/** The inner loop's fixed parts. */
export interface InnerLoop {
  readonly model: { apply(params: Params, x: tf.Tensor): tf.Tensor };
  readonly optimizer: optim.Optimizer;
  /** True when params carry a leading task axis and the data is `[T, N, ...]`. */
  readonly batched: boolean;
}

/** What {@link runInnerLoop} returns; the caller owns every tensor. */
export interface InnerResult {
  /** The adapted params phi. */
  readonly params: Params;
  /** Summed (over tasks) support loss at the first and at the last inner step, before each update. */
  readonly firstLoss: tf.Scalar;
  readonly lastLoss: tf.Scalar;
}

/**
 * `steps` optimizer steps from `start`, step k on `dataAt(k)` (called inside the step's scope,
 * so tensors it makes are released with it). One `tf.tidy` per step keeps memory flat in
 * `steps`. `observe(k, params)` runs before step k+1 and after the last step. `start` is not
 * disposed.
 */
export function runInnerLoop(
  loop: InnerLoop,
  start: Params,
  steps: number,
  dataAt: (k: number) => DataSet,
  observe?: (k: number, params: Params) => void,
): InnerResult {
  let params = start;
  let state = loop.optimizer.init(params);
  let firstLoss: tf.Scalar | undefined;
  let lastLoss: tf.Scalar | undefined;
  for (let k = 0; k < steps; k++) {
    observe?.(k, params);
    const out = tf.tidy(() => {
      const data = dataAt(k);
      const { value, grads } = valueAndGrad((p: Params) => {
        const pred = loop.model.apply(p, data.x);
        // The sum over tasks gives every task its own, unscaled gradient.
        return tf.sum(taskLosses(pred, data.y, loop.batched)) as tf.Scalar;
      })(params);
      const next = loop.optimizer.update(grads, state, params);
      return { params: optim.applyUpdates(params, next.updates), state: next.state, value };
    });
    if (params !== start) tf.dispose(tensorsOf(params));
    // An optimizer may carry state leaves over unchanged (SGD's is empty): release only the replaced ones.
    const carried = new Set(tensorsOf(out.state));
    tf.dispose(tensorsOf(state).filter((t) => !carried.has(t)));
    params = out.params;
    state = out.state;
    // Keep the first and the latest step's loss; release the ones in between.
    if (lastLoss && lastLoss !== firstLoss) tf.dispose(lastLoss);
    if (k === 0) firstLoss = out.value;
    lastLoss = out.value;
  }
  observe?.(steps, params);
  tf.dispose(tensorsOf(state));
  if (params === start) params = mapParams(start, (t) => tf.clone(t));
  firstLoss ??= tf.scalar(0);
  lastLoss ??= firstLoss;
  return { params, firstLoss, lastLoss: lastLoss === firstLoss ? tf.clone(firstLoss) : lastLoss };
}
