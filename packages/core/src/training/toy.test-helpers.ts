/**
 * Test helpers (not exported): a one-parameter meta-learner on a family of linear tasks
 * `y = a x`, small enough for the loop tests to run hundreds of steps in milliseconds.
 */
import '../gradients';
import * as tf from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import type { EvaluationResult, MetaLearner, MetaLearnerCheckpoint } from '../contracts/meta-learner';
import type { FewShotTask, Split, TaskBatch, TaskDistribution } from '../contracts/task';
import { type Key, foldIn } from '../random/key';
import { Rng } from '../random/rng';
import { estimate } from './estimate';

/** Linear tasks y = a x with a ~ U[1, 3] and x ~ U[-1, 1]. */
export function linearTasks(split: Split = 'train'): TaskDistribution {
  const draw = (key: Key, size: number): TaskBatch => {
    const rng = new Rng(foldIn(key, split === 'train' ? 1 : 2));
    const xs: number[] = [];
    const ys: number[] = [];
    for (let t = 0; t < size; t++) {
      const a = rng.between(1, 3);
      for (let i = 0; i < 8; i++) {
        const x = rng.between(-1, 1);
        xs.push(x);
        ys.push(a * x);
      }
    }
    const x = tf.tensor3d(xs, [size, 8, 1]);
    const y = tf.tensor3d(ys, [size, 8, 1]);
    return { support: { x, y }, query: { x: x.clone(), y: y.clone() }, size };
  };
  return {
    name: 'linear',
    kind: 'regression',
    split,
    inputShape: [1],
    outputSize: 1,
    sample(key): FewShotTask {
      const b = draw(key, 1);
      const sq = (t: tf.Tensor) => tf.tidy(() => tf.squeeze(t, [0]));
      const task = { support: { x: sq(b.support.x), y: sq(b.support.y) }, query: { x: sq(b.query.x), y: sq(b.query.y) } };
      tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y]);
      return task;
    },
    sampleBatch: draw,
    withSplit: (s) => linearTasks(s),
  };
}

/** State of the toy learner: weight w and a momentum buffer v. */
export interface ToyState {
  w: tf.Tensor;
  v: tf.Tensor;
}

/** Options of {@link toyLearner}. */
export interface ToyOptions {
  lr?: number;
  /** Report a NaN loss from this step on (1-based), to test the guard. */
  poisonAt?: number;
  name?: string;
  /** Fingerprint stored in checkpoints (a different value plays "another model"). */
  fingerprint?: string;
}

/** Momentum SGD on the mean query MSE of `y = w x`; evaluation reports the query MSE. */
export function toyLearner(options: ToyOptions = {}): MetaLearner<ToyState> {
  const lr = options.lr ?? 0.1;
  const fingerprint = options.fingerprint ?? 'w[1]';
  let steps = 0;
  const loss = (w: tf.Tensor, x: tf.Tensor, y: tf.Tensor) => tf.mean(tf.square(tf.sub(tf.mul(x, w), y))) as tf.Scalar;
  return {
    name: options.name ?? 'toy',
    init: () => ({ w: tf.keep(tf.zeros([1])), v: tf.keep(tf.zeros([1])) }),
    metaStep(state, batch) {
      steps += 1;
      const out = tf.tidy(() => {
        const { value, grad: g } = tf.valueAndGrad((w: tf.Tensor) => loss(w, batch.query.x, batch.query.y))(state.w);
        const v = tf.add(tf.mul(state.v, 0.9), g);
        return { w: tf.sub(state.w, tf.mul(v, lr)), v, value: value.dataSync()[0] };
      });
      tf.dispose([state.w, state.v]);
      const lossValue = options.poisonAt !== undefined && steps >= options.poisonAt ? Number.NaN : out.value;
      return { state: { w: tf.keep(out.w), v: tf.keep(out.v) }, metrics: { loss: lossValue } };
    },
    adapt: (params) => params,
    evaluate(state, distribution, { tasks, steps: counts, key }): EvaluationResult {
      const b = distribution.sampleBatch(key, tasks);
      const perTask = tf.tidy(() => tf.mean(tf.square(tf.sub(tf.mul(b.query.x, state.w), b.query.y)), [1, 2]).dataSync());
      tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y]);
      const e = estimate(perTask);
      return { loss: Object.fromEntries(counts.map((c) => [c, e])) };
    },
    params: (state) => ({ w: state.w }),
    checkpoint: (state): MetaLearnerCheckpoint => ({ tensors: { w: state.w.clone(), v: state.v.clone() }, meta: { fingerprint } }),
    restore(checkpoint) {
      if (checkpoint.meta.fingerprint !== fingerprint) {
        throw new MetatuneError('CHECKPOINT_MISMATCH', `checkpoint of model ${String(checkpoint.meta.fingerprint)}, expected ${fingerprint}`);
      }
      return { w: tf.keep((checkpoint.tensors.w as tf.Tensor).clone()), v: tf.keep((checkpoint.tensors.v as tf.Tensor).clone()) };
    },
    disposeState: (state) => tf.dispose([state.w, state.v]),
  };
}
