import { makeKey, nn } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/src/testing/backends';
import { anil, fomaml, maml, metaSgd } from './variants';
import { disposeBatch, sineTasks } from './test-helpers';

describe('MAML family on sinusoids (task-batched path)', () => {
  beforeAll(() => useBackend('cpu'));

  it.each([
    ['maml', maml],
    ['fomaml', fomaml],
    ['anil', anil],
    ['meta-sgd', metaSgd],
  ] as const)('%s meta-trains: the one-step post-adaptation loss falls and adapting helps', (name, make) => {
    // tanh: see the README (second-order tests avoid relu under vitest).
    const learner = make({ model: nn.mlp([1, 16, 16, 1], { activation: 'tanh' }), innerSteps: 1, innerLr: 0.02, outerLr: 1e-2 });
    expect(learner.name).toBe(name);
    const sines = sineTasks(10);
    let state = learner.init(makeKey(0));
    expect(learner.isBatched(state)).toBe(true);
    const evaluate = () => learner.evaluate(state, sines.withSplit('validation'), { tasks: 100, steps: [0, 1], key: makeKey(9) });
    const before = evaluate();
    for (let s = 0; s < 60; s++) {
      const batch = sines.sampleBatch(makeKey(1000 + s), 8);
      state = learner.metaStep(state, batch).state;
      disposeBatch(batch);
    }
    const after = evaluate();
    expect(after.loss[1].mean).toBeLessThan(before.loss[1].mean * 0.9);
    expect(after.loss[1].mean).toBeLessThan(after.loss[0].mean);
    expect(after.loss[1].n).toBe(100);
    expect(after.loss[1].ci95).toBeGreaterThan(0);
    learner.disposeState(state);
  });
});
