import { makeKey, nn, tf } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../core/src/testing/backends';
import { reptile } from './learner';
import { disposeBatch, sineBatch, sineTasks } from './test-helpers';

async function kernelsPerStep(tasks: number): Promise<number> {
  const learner = reptile({ model: nn.mlp([1, 8, 8, 1], { activation: 'tanh' }), innerSteps: 3, innerBatch: 4 });
  let state = learner.init(makeKey(0));
  const batch = sineBatch(makeKey(1), tasks, 6);
  const info = await tf.profile(() => {
    state = learner.metaStep(state, batch).state;
  });
  learner.disposeState(state);
  disposeBatch(batch);
  return info.kernels.length;
}

describe('resources', () => {
  beforeAll(() => useBackend('cpu'));

  for (const fastPath of [true, false]) {
    it(`keeps tf.memory().numTensors flat over 1,000 outer steps (task-batched, minibatches, Adam inner, fastPath ${fastPath})`, () => {
      const learner = reptile({ model: nn.mlp([1, 4, 1], { activation: 'tanh' }), innerSteps: 2, innerBatch: 2, innerOptimizer: 'adam', annealSteps: 2000, fastPath });
      let state = learner.init(makeKey(0));
      expect(learner.fastPath(state) !== undefined).toBe(fastPath);
      const batch = sineBatch(makeKey(2), 3, 4);
      state = learner.metaStep(state, batch).state;
      const before = tf.memory().numTensors;
      for (let i = 0; i < 1000; i++) state = learner.metaStep(state, batch).state;
      expect(tf.memory().numTensors).toBe(before);
      expect(state.step).toBe(1001);
      learner.disposeState(state);
      disposeBatch(batch);
    });
  }

  it('keeps memory flat on the per-task path and over evaluate, adapt and checkpoint/restore', () => {
    const learner = reptile({ model: nn.mlp([1, 4, 1], { activation: 'tanh' }), innerSteps: 2, execution: 'per-task' });
    let state = learner.init(makeKey(0));
    const batch = sineBatch(makeKey(2), 3, 4);
    state = learner.metaStep(state, batch).state;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) state = learner.metaStep(state, batch).state;
    expect(tf.memory().numTensors).toBe(before);
    const tasks = sineTasks(3, 'validation');
    for (const execution of ['batched', 'per-task'] as const) {
      const evaluator = reptile({ model: nn.mlp([1, 4, 1], { activation: 'tanh' }), execution, evaluationBatch: 4 });
      for (let i = 0; i < 5; i++) evaluator.evaluate(state, tasks, { tasks: 10, steps: [0, 1, 5], key: makeKey(3) });
    }
    expect(tf.memory().numTensors).toBe(before);
    const support = { x: tf.zeros([3, 1]), y: tf.ones([3, 1]) };
    const adapted = learner.adapt(learner.params(state), support, { steps: 3 });
    tf.dispose(Object.values(adapted).flatMap((l) => Object.values(l as Record<string, tf.Tensor>)));
    tf.dispose([support.x, support.y]);
    const checkpoint = learner.checkpoint(state);
    const restored = learner.restore(checkpoint);
    tf.dispose(Object.values(checkpoint.tensors.theta as Record<string, Record<string, tf.Tensor>>).flatMap((l) => Object.values(l)));
    learner.disposeState(restored);
    expect(tf.memory().numTensors).toBe(before);
    learner.disposeState(state);
    disposeBatch(batch);
  });

  it('runs the same number of kernels per outer step whatever the number of tasks (one graph per inner step)', async () => {
    const small = await kernelsPerStep(2);
    expect(await kernelsPerStep(16)).toBe(small);
    expect(await kernelsPerStep(50)).toBe(small);
  });
});
