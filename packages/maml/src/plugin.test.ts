import { createRegistry, makeKey } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/src/testing/backends';
import { registerMaml } from './plugin';

describe('maml plugin', () => {
  beforeAll(() => useBackend('cpu'));

  it('registers the four learners and builds them from JSON options', () => {
    const registry = registerMaml(createRegistry());
    for (const id of ['metaLearner:maml', 'metaLearner:fomaml', 'metaLearner:anil', 'metaLearner:meta-sgd'] as const) expect(registry.has(id)).toBe(true);
    const learner = registry.create('metaLearner:meta-sgd', { model: { type: 'mlp', sizes: [1, 8, 1] }, innerLr: 0.05 });
    expect(learner.name).toBe('meta-sgd');
    const state = learner.init(makeKey(0));
    expect(Object.keys(state.theta)).toEqual(['model', 'lr']);
    const rates = (state.theta.lr!.layer0 as unknown as { w: { dataSync(): Float32Array } }).w.dataSync();
    expect(Array.from(rates.slice(0, 2))).toEqual([Math.fround(0.05), Math.fround(0.05)]);
    learner.disposeState(state);
    expect(registry.create('metaLearner:anil', { model: { type: 'mlp', sizes: [1, 8, 8, 1] } }).options.adapt).toEqual(['layer2']);
  });

  it('rejects invalid options from a config before building anything', () => {
    const registry = registerMaml(createRegistry());
    expect(() => registry.create('metaLearner:maml', { model: { type: 'mlp', sizes: [1] } })).toThrow();
    expect(() => registry.create('metaLearner:maml', { model: { type: 'mlp', sizes: [1, 4, 1] }, innerLr: Number.NaN })).toThrow();
    expect(() => registry.create('metaLearner:maml', { model: { type: 'mlp', sizes: [1, 4, 1] }, innerLr: -1 })).toThrow();
  });
});
