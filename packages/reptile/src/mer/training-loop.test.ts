import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKey, nn, tf, training, type Key, type Params, type TaskDistribution } from '@metatune/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../core/src/testing/backends';
import { mer } from './learner';

/** Toy 3-way tasks over 6 features, a pure function of the key (the labels come from a fixed projection). */
function toyTasks(): TaskDistribution {
  const draw = (key: Key, t: number, n: number) =>
    tf.tidy(() => {
      const x = tf.randomUniform([t, n, 6], -1, 1, 'float32', key[0] ^ key[1]);
      const y = tf.cast(tf.argMax(tf.matMul(tf.reshape(x, [t * n, 6]), tf.randomNormal([6, 3], 0, 1, 'float32', 7)), 1), 'int32');
      return { x, y: tf.reshape(y, [t, n]) } as unknown as tf.TensorContainer;
    }) as unknown as { x: tf.Tensor; y: tf.Tensor };
  const family: TaskDistribution = {
    name: 'toy',
    kind: 'classification',
    split: 'train',
    inputShape: [6],
    outputSize: 3,
    sample(key) {
      const d = draw(key, 1, 8);
      const x = tf.squeeze(d.x, [0]);
      const y = tf.squeeze(d.y, [0]);
      tf.dispose([d.x, d.y]);
      return { support: { x, y }, query: { x: tf.clone(x), y: tf.clone(y) } };
    },
    sampleBatch(key, size) {
      const d = draw(key, size, 4);
      return { support: d, query: { x: tf.clone(d.x), y: tf.clone(d.y) }, size };
    },
    withSplit: () => family,
  };
  return family;
}

function flat(p: Params): number[] {
  return Object.values(p).flatMap((v) => (v instanceof tf.Tensor ? Array.from(v.dataSync()) : flat(v as Params)));
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'metatune-mer-'));
  dirs.push(d);
  return d;
};

describe('MER in core\'s shared meta-training loop', () => {
  beforeAll(() => useBackend('cpu'));
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('trains, validates and resumes from a checkpoint file bit-identically (buffer with int32 labels included)', async () => {
    const learner = mer({ model: nn.mlp([6, 8, 3]), lr: 0.1, beta: 0.5, gamma: 1, batches: 1, replay: 2, memory: 6 });
    const distribution = toyTasks();
    const common = { learner, distribution, batchSize: 2, key: makeKey(3), validation: { every: 3, tasks: 2, steps: 1 } };
    const straight = await training.runMetaTraining({ ...common, steps: 6 });
    const dir = tempDir();
    const first = await training.runMetaTraining({ ...common, steps: 3, checkpoint: { dir, every: 3 } });
    learner.disposeState(first.state);
    const resumed = await training.runMetaTraining({ ...common, steps: 6, checkpoint: { dir, every: 3 } });
    expect(resumed.resumedFrom).toBe(3);
    expect(flat(resumed.state.params)).toEqual(flat(straight.state.params));
    expect(Array.from(resumed.state.buffer!.y)).toEqual(Array.from(straight.state.buffer!.y));
    expect(resumed.state.seen).toBe(6 * 2 * 4);
    expect(straight.validation).toHaveLength(2);
    learner.disposeState(straight.state);
    learner.disposeState(resumed.state);
  });

  it('leaks no tensors over 1,000 outer steps of metaStep', () => {
    const learner = mer({ model: nn.mlp([6, 4, 3]), lr: 0.05, beta: 0.5, gamma: 0.5, batches: 1, replay: 1, memory: 10 });
    const batch = toyTasks().sampleBatch(makeKey(1), 1);
    const one = { support: { x: tf.slice(batch.support.x, [0, 0], [1, 1]), y: tf.slice(batch.support.y, [0, 0], [1, 1]) }, query: batch.query, size: 1 };
    let state = learner.metaStep(learner.init(makeKey(0)), one).state;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) state = learner.metaStep(state, one).state;
    expect(tf.memory().numTensors).toBe(before);
    expect(state.step).toBe(1001);
    learner.disposeState(state);
    tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y, one.support.x, one.support.y]);
  });
});
