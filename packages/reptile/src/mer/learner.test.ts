import { MetatuneError, createRegistry, makeKey, nn, tf, type DataSet, type Params, type TaskBatch, type TaskDistribution } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../core/src/testing/backends';
import { reptilePlugin } from '../plugin';
import { mer, onlineSgd, type ContinualLearner, type ContinualState } from './learner';

const model = nn.mlp([6, 8, 3]);

/** A fixed synthetic stream of `n` examples: x uniform, label = argmax of a fixed projection. */
function examples(seed: number, n: number): DataSet {
  return tf.tidy(() => {
    const x = tf.randomUniform([n, 6], -1, 1, 'float32', seed);
    const y = tf.cast(tf.argMax(tf.matMul(x, tf.randomNormal([6, 3], 0, 1, 'float32', 99)), 1), 'int32');
    return { x, y } as unknown as tf.TensorContainer;
  }) as unknown as DataSet;
}

function flat(p: Params): number[] {
  const out: number[] = [];
  const walk = (node: Params) => {
    for (const v of Object.values(node)) {
      if (v instanceof tf.Tensor) out.push(...v.dataSync());
      else walk(v as Params);
    }
  };
  walk(p);
  return out;
}

function run(learner: ContinualLearner, state: ContinualState, chunks: DataSet[]): ContinualState {
  for (const c of chunks) state = learner.observe(state, c).state;
  return state;
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MetatuneError);
    expect((e as MetatuneError).hint).toBeTruthy();
    return (e as MetatuneError).code;
  }
  return 'none';
}

const options = { model, lr: 0.1, beta: 0.5, gamma: 0.8, batches: 2, replay: 3, memory: 5 };

describe('continual learners (MER, ER, online SGD)', () => {
  beforeAll(() => useBackend('cpu'));

  it('is deterministic given the key, and differs for another key', () => {
    const chunks = [examples(1, 6), examples(2, 6)];
    const learner = mer(options);
    const a = run(learner, learner.init(makeKey(7)), chunks);
    const b = run(learner, learner.init(makeKey(7)), chunks);
    const c = run(learner, learner.init(makeKey(8)), chunks);
    expect(flat(a.params)).toEqual(flat(b.params));
    expect(Array.from(a.buffer!.x)).toEqual(Array.from(b.buffer!.x));
    expect(flat(a.params)).not.toEqual(flat(c.params));
    expect(a.buffer!.size).toBe(5);
    expect(a.buffer!.seen).toBe(12);
    for (const s of [a, b, c]) learner.disposeState(s);
    for (const d of chunks) tf.dispose([d.x, d.y]);
  });

  it('resumes bit-identically from a checkpoint, buffer included', () => {
    const chunks = [examples(3, 7), examples(4, 7), examples(5, 7)];
    const learner = mer(options);
    const straight = run(learner, learner.init(makeKey(1)), chunks);
    const half = run(learner, learner.init(makeKey(1)), chunks.slice(0, 2));
    const ckpt = learner.checkpoint(half);
    expect((ckpt.tensors.buffer as Params).x).toBeInstanceOf(tf.Tensor);
    expect(ckpt.meta.bufferSize).toBe(5);
    learner.disposeState(half);
    // Through JSON, as a checkpoint file stores the metadata.
    const restored = learner.restore({ tensors: ckpt.tensors, meta: JSON.parse(JSON.stringify(ckpt.meta)) });
    expect(restored.seen).toBe(14);
    const resumed = run(learner, restored, chunks.slice(2));
    expect(flat(resumed.params)).toEqual(flat(straight.params));
    expect(Array.from(resumed.buffer!.x)).toEqual(Array.from(straight.buffer!.x));
    expect(Array.from(resumed.buffer!.y)).toEqual(Array.from(straight.buffer!.y));
    expect(resumed.step).toBe(straight.step);
    // A checkpoint of another model or memory size is refused.
    expect(codeOf(() => mer({ ...options, memory: 6 }).restore(ckpt))).toBe('CHECKPOINT_MISMATCH');
    expect(codeOf(() => mer({ ...options, model: nn.mlp([6, 4, 3]) }).restore(ckpt))).toBe('CHECKPOINT_MISMATCH');
    expect(codeOf(() => onlineSgd({ model }).restore(ckpt))).toBe('CHECKPOINT_MISMATCH');
    learner.disposeState(straight);
    learner.disposeState(resumed);
    tf.dispose(Object.values(ckpt.tensors).flatMap((t) => Object.values(t as Params)).flatMap((l) => (l instanceof tf.Tensor ? [l] : Object.values(l as Params))) as tf.Tensor[]);
    for (const d of chunks) tf.dispose([d.x, d.y]);
  });

  it('maps metaStep onto the stream: the support sets of a task batch, in order', () => {
    const learner = mer(options);
    const d = examples(7, 8);
    const batch: TaskBatch = { support: { x: tf.reshape(d.x, [2, 4, 6]), y: tf.reshape(d.y, [2, 4]) }, query: d, size: 2 };
    const viaStep = learner.metaStep(learner.init(makeKey(2)), batch);
    const viaObserve = learner.observe(learner.init(makeKey(2)), d);
    expect(flat(viaStep.state.params)).toEqual(flat(viaObserve.state.params));
    expect(viaStep.metrics.loss).toBe(viaObserve.metrics.loss);
    expect(viaStep.state.step).toBe(1);
    learner.disposeState(viaStep.state);
    learner.disposeState(viaObserve.state);
    tf.dispose([batch.support.x, batch.support.y, d.x, d.y]);
  });

  it('adapts and evaluates with plain SGD like any learned initialisation', () => {
    const learner = mer(options);
    const state = learner.init(makeKey(3));
    const tasks: TaskDistribution = {
      name: 'toy',
      kind: 'classification',
      split: 'test',
      inputShape: [6],
      outputSize: 3,
      sample: (key) => ({ support: examples(key[1] % 1000, 12), query: examples(key[1] % 1000, 12) }),
      sampleBatch: () => {
        throw new Error('unused');
      },
      withSplit: () => tasks,
    };
    const before = tf.memory().numTensors;
    const result = learner.evaluate(state, tasks, { tasks: 3, steps: [0, 20], key: makeKey(4) });
    expect(tf.memory().numTensors).toBe(before);
    // Fine-tuning on the query set itself lowers its loss.
    expect(result.loss[20].mean).toBeLessThan(result.loss[0].mean);
    expect(result.accuracy?.[0].n).toBe(3);
    learner.disposeState(state);
  });

  it('rejects bad input with a clear MetatuneError and leaves the state usable', () => {
    const learner = mer(options);
    const state = learner.init(makeKey(5));
    const empty = { x: tf.zeros([0, 6]), y: tf.zeros([0], 'int32') };
    expect(codeOf(() => learner.observe(state, empty))).toBe('INVALID_ARGUMENT');
    const emptyBatch: TaskBatch = { support: { x: tf.zeros([1, 0, 6]), y: tf.zeros([1, 0], 'int32') }, query: empty, size: 1 };
    expect(codeOf(() => learner.metaStep(state, emptyBatch))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => mer({ ...options, memory: 0 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => mer({ ...options, lr: Number.NaN }))).toBe('NON_FINITE');
    expect(codeOf(() => mer({ ...options, beta: Number.POSITIVE_INFINITY }))).toBe('NON_FINITE');
    expect(codeOf(() => mer({ ...options, gamma: Number.NaN }))).toBe('NON_FINITE');
    expect(codeOf(() => mer({ ...options, beta: 1.5 }))).toBe('INVALID_OPTIONS');
    expect(codeOf(() => mer({ ...options, batches: 0 }))).toBe('INVALID_OPTIONS');
    // A non-finite loss: a NaN input.
    const poisoned = { x: tf.tensor2d([[0, 0, 0, 0, 0, Number.NaN]]), y: tf.tensor1d([1], 'int32') };
    const kept = flat(state.params);
    expect(codeOf(() => learner.observe(state, poisoned))).toBe('NUMERICAL');
    expect(flat(state.params)).toEqual(kept);
    expect(state.buffer!.size).toBe(0);
    // The state is still good after the failure.
    const good = examples(8, 3);
    const next = learner.observe(state, good).state;
    expect(next.seen).toBe(3);
    learner.disposeState(next);
    tf.dispose([empty.x, empty.y, emptyBatch.support.x, emptyBatch.support.y, poisoned.x, poisoned.y, good.x, good.y]);
  });

  it('is created from JSON options through the registry as metaLearner:mer', () => {
    const registry = createRegistry().register(reptilePlugin);
    const learner = registry.create('metaLearner:mer', { model: { type: 'mlp', sizes: [6, 8, 3] }, beta: 0.1, memory: 50 });
    expect(learner.name).toBe('mer');
    expect(learner.options.memory).toBe(50);
    expect(() => registry.create('metaLearner:mer', { model: { type: 'mlp', sizes: [6, 3] }, gamma: 2 })).toThrow();
    expect(() => registry.create('metaLearner:mer', { model: { type: 'mlp', sizes: [6, 3] }, memory: 0 })).toThrow();
  });
});
