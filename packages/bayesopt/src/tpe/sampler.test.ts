import { type SearchSpace, categorical, float, int, makeKey, validateValues } from '@metatune/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryHistory, runLoop } from '../testing/history';
import { BRANIN_MIN, braninObjective, braninSpace } from '../testing/functions';
import { TpeSampler, defaultGamma, defaultWeights } from './sampler';
import { MetatuneError, Rng, space as spaceNs, type Sampler } from '@metatune/core';

const randomSampler: Sampler = {
  name: 'random',
  ask: (r) => spaceNs.sampleUniform(r.space, new Rng(r.key)),
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('TpeSampler', () => {
  it('uses Optuna\'s gamma and weights', () => {
    expect([1, 10, 11, 100, 1000].map(defaultGamma)).toEqual([1, 1, 2, 10, 25]);
    expect(defaultWeights(3)).toEqual([1, 1, 1]);
    const w = defaultWeights(30);
    expect(w).toHaveLength(30);
    expect(w[0]).toBeCloseTo(1 / 30, 14);
    expect(w[4]).toBeCloseTo(1, 14);
    expect(w.slice(5).every((v) => v === 1)).toBe(true);
  });

  it('beats random search on Branin (median of 5 seeds, 60 trials), univariate and multivariate', () => {
    const seeds = [0, 1, 2, 3, 4];
    const regret = (s: Sampler, seed: number) => runLoop(s, braninSpace, braninObjective, 60, seed).bestSoFar[59] - BRANIN_MIN;
    const rnd = median(seeds.map((s) => regret(randomSampler, s)));
    const tpe = median(seeds.map((s) => regret(new TpeSampler(), s)));
    const tpeM = median(seeds.map((s) => regret(new TpeSampler({ multivariate: true }), s)));
    expect(tpe).toBeLessThan(rnd);
    expect(tpeM).toBeLessThan(rnd);
    expect(tpe).toBeLessThan(0.5);
  });

  it('scores like Optuna 3.1 by default; the normalised score is an option; a bad one throws', () => {
    const { history } = runLoop(new TpeSampler(), braninSpace, braninObjective, 30, 3);
    const req = { space: braninSpace, directions: ['minimize' as const], history, pending: [], trialNumber: 30, key: makeKey(9) };
    expect(new TpeSampler().ask(req)).toEqual(new TpeSampler({ scoring: 'optuna31' }).ask(req));
    // Same candidates (same key), different winner for at least one of a few keys.
    const differs = [1, 2, 3, 4, 5, 6, 7, 8].some((k) => {
      const r = { ...req, key: makeKey(k) };
      return JSON.stringify(new TpeSampler().ask(r)) !== JSON.stringify(new TpeSampler({ scoring: 'normalized' }).ask(r));
    });
    expect(differs).toBe(true);
    expect(() => new TpeSampler({ scoring: 'exact' as never })).toThrow(MetatuneError);
  });

  it('samples the first trials uniformly, deterministically per key', () => {
    const h = new MemoryHistory();
    const req = { space: braninSpace, directions: ['minimize' as const], history: h, pending: [], trialNumber: 0, key: makeKey(5) };
    expect(new TpeSampler().ask(req)).toEqual(new TpeSampler().ask(req));
  });

  it('handles conditional, categorical and integer parameters (property: always inside the space)', () => {
    const space: SearchSpace = {
      kind: categorical(['a', 'b', 'c']),
      x: float(0, 1, { when: { parent: 'kind', values: ['a', 'b'] } }),
      n: int(1, 64, { log: true }),
      flag: categorical([true, false]),
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.boolean(), (seed, multivariate) => {
        const obj = (p: Record<string, unknown>) => (p.kind === 'c' ? 1 : (p.x as number)) + Math.log2(p.n as number) / 6 + (p.flag ? 0 : 0.5);
        const { history } = runLoop(new TpeSampler({ multivariate, nStartupTrials: 4 }), space, obj as never, 20, seed);
        history.trials.forEach((t) => validateValues(space, t.params));
      }),
      { numRuns: 15 },
    );
  });

  it('askBatch returns the requested number of valid configurations', () => {
    const { history } = runLoop(new TpeSampler(), braninSpace, braninObjective, 12, 0);
    const batch = new TpeSampler().askBatch({ space: braninSpace, directions: ['minimize'], history, pending: [], trialNumber: 12, key: makeKey(1) }, 4);
    expect(batch).toHaveLength(4);
    batch.forEach((p) => validateValues(braninSpace, p));
    expect(new Set(batch.map((p) => JSON.stringify(p))).size).toBe(4);
  });
});
