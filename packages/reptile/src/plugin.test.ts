import { createRegistry, makeKey } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/src/testing/backends';
import { merEntries } from './mer/plugin-entries';
import { REPTILE_VERSION, registerReptile, reptilePlugin } from './plugin';
import { reptileEntries } from './reptile/plugin-entries';

describe('reptile plugin', () => {
  beforeAll(() => useBackend('cpu'));

  it('provides the Reptile and the MER entries in one plugin', () => {
    expect(reptilePlugin.name).toBe('@metatune/reptile');
    expect(reptilePlugin.version).toBe(REPTILE_VERSION);
    expect(Object.keys(reptilePlugin.provides).sort()).toEqual([...Object.keys(reptileEntries), ...Object.keys(merEntries)].sort());
  });

  it('registers metaLearner:reptile and builds it from JSON options', () => {
    const registry = registerReptile(createRegistry());
    expect(registry.has('metaLearner:reptile')).toBe(true);
    const learner = registry.create('metaLearner:reptile', { model: { type: 'mlp', sizes: [1, 8, 1], activation: 'tanh' }, innerSteps: 5, innerBatch: 10, annealSteps: 100, innerOptimizer: 'adam' });
    expect(learner.name).toBe('reptile');
    expect(learner.options).toMatchObject({ innerSteps: 5, innerBatch: 10, annealSteps: 100, innerOptimizer: 'adam', outerStepSize: 0.1 });
    const state = learner.init(makeKey(0));
    expect(learner.stepSize(state)).toBe(0.1);
    expect(Object.keys(state.theta)).toEqual(['layer0', 'layer1']);
    learner.disposeState(state);
  });

  it('rejects invalid options from a config before building anything', () => {
    const registry = registerReptile(createRegistry());
    expect(() => registry.create('metaLearner:reptile', { model: { type: 'mlp', sizes: [1] } })).toThrow();
    expect(() => registry.create('metaLearner:reptile', { model: { type: 'mlp', sizes: [1, 4, 1] }, innerSteps: 0 })).toThrow();
    expect(() => registry.create('metaLearner:reptile', { model: { type: 'mlp', sizes: [1, 4, 1] }, innerLr: Number.NaN })).toThrow();
    expect(() => registry.create('metaLearner:reptile', { model: { type: 'mlp', sizes: [1, 4, 1] }, outerStepSize: Infinity })).toThrow();
  });
});
