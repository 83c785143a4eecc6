import { MetatuneError, createRegistry, makeKey } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { GpSampler } from './gp/sampler';
import { bayesoptPlugin, registerBayesopt } from './plugin';
import { MemoryHistory } from './testing/history';
import { braninSpace } from './testing/functions';
import { TpeSampler } from './tpe/sampler';

describe('bayesopt plugin', () => {
  it('registers sampler:gp and sampler:tpe', () => {
    const registry = registerBayesopt(createRegistry());
    expect(registry.list('sampler').map((e) => e.id).sort()).toEqual(['sampler:gp', 'sampler:tpe']);
    const gp = registry.create('sampler:gp', { acquisition: 'UCB', nInitial: 3 });
    expect(gp).toBeInstanceOf(GpSampler);
    expect(registry.create('sampler:tpe', { multivariate: true })).toBeInstanceOf(TpeSampler);
    const p = gp.ask({ space: braninSpace, directions: ['minimize'], history: new MemoryHistory(), pending: [], trialNumber: 0, key: makeKey(0) });
    expect(Object.keys(p)).toEqual(['x1', 'x2']);
    expect(bayesoptPlugin.name).toBe('@metatune/bayesopt');
  });

  it('rejects unknown and invalid options with INVALID_OPTIONS', () => {
    const registry = registerBayesopt(createRegistry());
    for (const bad of [{ acquisition: 'EIX' }, { nInitial: 0 }, { typo: 1 }, { warmStartMethod: 'boxes' }, { outputTransform: 'log' }]) {
      try {
        registry.createUnchecked('sampler:gp', bad);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(MetatuneError);
        expect((e as MetatuneError).code).toBe('INVALID_OPTIONS');
      }
    }
    expect(() => registry.createUnchecked('sampler:tpe', { nEiCandidates: -1 })).toThrow(/nEiCandidates/);
    expect(() => registry.createUnchecked('sampler:tpe', { scoring: 'exact' })).toThrow(/scoring/);
    expect((registry.createUnchecked('sampler:tpe', { scoring: 'normalized' }) as { name: string }).name).toBe('tpe');
  });
});
