import { makeKey, nn, tf } from '@metatune/core';
import { sinusoid } from '@metatune/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/src/testing/backends';
import { anil, fomaml, maml, metaSgd } from './variants';

describe('MAML family on sinusoids (task-batched path)', () => {
  beforeAll(() => useBackend('cpu'));

  it.each([
    ['maml', maml],
    ['fomaml', fomaml],
    ['anil', anil],
    ['meta-sgd', metaSgd],
  ] as const)('%s meta-trains: the post-adaptation query loss falls and adapting helps', (name, make) => {
    const learner = make({ model: nn.mlp([1, 40, 40, 1], { activation: 'tanh' }), innerSteps: 1, innerLr: 0.01, outerLr: 3e-3 });
    expect(learner.name).toBe(name);
    const sines = sinusoid({ shots: 10 });
    let state = learner.init(makeKey(0));
    expect(learner.isBatched(state)).toBe(true);
    const evaluate = () => learner.evaluate(state, sines.withSplit('validation'), { tasks: 100, steps: [0, 1, 10], key: makeKey(9) });
    const before = evaluate();
    for (let s = 0; s < 150; s++) {
      const batch = sines.sampleBatch(makeKey(1000 + s), 10);
      state = learner.metaStep(state, batch).state;
      tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
    }
    const after = evaluate();
    expect(after.loss[10].mean).toBeLessThan(before.loss[10].mean);
    expect(after.loss[10].mean).toBeLessThan(after.loss[0].mean);
    expect(after.loss[1].n).toBe(100);
    expect(after.loss[1].ci95).toBeGreaterThan(0);
    learner.disposeState(state);
  });
});
