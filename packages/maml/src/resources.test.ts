import { makeKey, nn, tf } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/src/testing/backends';
import { createMamlLearner } from './learner';
import type { MamlOptions } from './options';
import { disposeBatch, sineBatch, sineTasks } from './test-helpers';

const model = nn.mlp([1, 8, 8, 1], { activation: 'tanh' });

/** Profiles one meta-step of a fresh learner on a sine batch of `tasks` tasks with `shots` points each. */
async function profileMetaStep(options: Partial<MamlOptions>, tasks: number, shots?: number) {
  const learner = createMamlLearner({ model, ...options });
  let state = learner.init(makeKey(0));
  const batch = sineBatch(makeKey(1), tasks, shots);
  const info = await tf.profile(() => {
    state = learner.metaStep(state, batch).state;
  });
  learner.disposeState(state);
  disposeBatch(batch);
  return info;
}

const kernelsPerStep = async (tasks: number, firstOrder: boolean) => (await profileMetaStep({ innerSteps: 2, firstOrder }, tasks)).kernels.length;

const wide = nn.mlp([1, 64, 64, 1], { activation: 'tanh' });

const peakBytes = async (innerSteps: number, firstOrder: boolean) => (await profileMetaStep({ model: wide, innerSteps, firstOrder }, 8, 10)).peakBytes;

const perTaskPeakBytes = async (tasks: number) => (await profileMetaStep({ model: wide, innerSteps: 4, execution: 'per-task' }, tasks, 10)).peakBytes;

describe('resources of the per-task path', () => {
  beforeAll(() => useBackend('cpu'));

  it('holds one task\'s second-order graph at a time: the peak memory does not grow with the meta-batch', async () => {
    const two = await perTaskPeakBytes(2);
    const sixteen = await perTaskPeakBytes(16);
    // The batch itself (16 tasks of 20 points) is a few kB; one task's 4-step graph is far more.
    expect(sixteen).toBeLessThan(two * 1.1);
  });
});

describe('resources of the task-batched path', () => {
  beforeAll(() => useBackend('cpu'));

  it('runs the same number of kernels per meta-step whatever the meta-batch size', async () => {
    for (const firstOrder of [false, true]) {
      const small = await kernelsPerStep(2, firstOrder);
      expect(await kernelsPerStep(16, firstOrder)).toBe(small);
      expect(await kernelsPerStep(50, firstOrder)).toBe(small);
    }
  });

  it('keeps tf.memory().numTensors flat over 300 meta-steps and over repeated evaluations', () => {
    const learner = createMamlLearner({ model: nn.mlp([1, 4, 1], { activation: 'tanh' }), innerSteps: 1 });
    let state = learner.init(makeKey(0));
    const batch = sineBatch(makeKey(2), 2, 3);
    state = learner.metaStep(state, batch).state;
    const before = tf.memory().numTensors;
    // 300 steps here keep the file fast; the bench checks 1,000 (leakedTensors in its JSON).
    for (let i = 0; i < 300; i++) state = learner.metaStep(state, batch).state;
    expect(tf.memory().numTensors).toBe(before);
    const tasks = sineTasks(3, 'validation');
    learner.evaluate(state, tasks, { tasks: 10, steps: [0, 1, 5], key: makeKey(3) });
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) learner.evaluate(state, tasks, { tasks: 10, steps: [0, 1, 5], key: makeKey(3) });
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(afterFirst).toBe(before);
    const adapted = learner.adapt(learner.params(state), { x: tf.zeros([3, 1]), y: tf.ones([3, 1]) }, { steps: 3 });
    expect(Object.keys(adapted)).toEqual(['layer0', 'layer1']);
    learner.disposeState(state);
    disposeBatch(batch);
  });

  it('second-order memory grows about linearly with the inner steps; first order keeps no inner graph', async () => {
    const so = [await peakBytes(1, false), await peakBytes(2, false), await peakBytes(4, false), await peakBytes(8, false)];
    const perStep = so[1] - so[0];
    expect(perStep).toBeGreaterThan(0);
    // Linear: the 8-step peak is within 25% of the straight line through 1 and 2 steps.
    expect(so[3]).toBeLessThanOrEqual(so[0] + 7 * perStep * 1.25);
    expect(so[3]).toBeGreaterThan(so[0] + 7 * perStep * 0.5);
    const fo = [await peakBytes(1, true), await peakBytes(8, true)];
    // First order: the inner loop runs off the tape, one scope per step, so 8 steps cost what 1 does.
    expect(fo[1]).toBeLessThanOrEqual(fo[0] * 1.05);
    expect(fo[1]).toBeLessThan(so[3] / 3);
  });
});
