import { MetatuneError, type SearchSpace, categorical, float, int, makeKey, validateValues } from '@metatune/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryHistory, runLoop } from '../testing/history';
import { BRANIN_MIN, braninObjective, braninSpace } from '../testing/functions';
import { TpeSampler } from '../tpe/sampler';
import { GpSampler, subsetIndices } from './sampler';

const request = (space: SearchSpace, history: MemoryHistory, trialNumber = history.trials.length, pending: Record<string, number | string | boolean>[] = []) => ({
  space,
  directions: ['minimize' as const],
  history,
  pending,
  trialNumber,
  key: makeKey(trialNumber),
});

afterEach(() => vi.restoreAllMocks());

describe('GpSampler', () => {
  it('finds Branin\'s minimum to within 0.05 in 30 trials (random search needs thousands)', () => {
    const { bestSoFar } = runLoop(new GpSampler(), braninSpace, braninObjective, 30, 0);
    expect(bestSoFar[29] - BRANIN_MIN).toBeLessThan(0.05);
  });

  it('starts with a Sobol design of max(2d + 1, 5) points', () => {
    const sampler = new GpSampler();
    const h = new MemoryHistory();
    const pts = [];
    for (let i = 0; i < 5; i++) {
      const p = sampler.ask(request(braninSpace, h));
      h.add(p, braninObjective(p));
      pts.push(p);
    }
    // A digitally shifted Sobol set of 4 points has one point in each half of each axis.
    const lowHalf = pts.slice(0, 4).filter((p) => (p.x1 as number) < 2.5).length;
    expect(lowHalf).toBe(2);
  });

  it('maximises when asked to', () => {
    const neg = (p: Record<string, unknown>) => -braninObjective(p as never);
    const { bestSoFar } = runLoop(new GpSampler(), braninSpace, neg, 25, 1, 'maximize');
    expect(-bestSoFar[24] - BRANIN_MIN).toBeLessThan(0.2);
  });

  it('gives 8 parallel workers 8 different points (kriging believer and constant liar)', () => {
    for (const pendingStrategy of ['kriging-believer', 'constant-liar'] as const) {
      const sampler = new GpSampler({ pendingStrategy });
      const h = new MemoryHistory();
      runLoop(new GpSampler(), braninSpace, braninObjective, 8, 0).history.trials.forEach((t) => h.add(t.params, t.values![0]));
      const batch = sampler.askBatch(request(braninSpace, h), 8);
      const keys = new Set(batch.map((p) => `${(p.x1 as number).toFixed(3)},${(p.x2 as number).toFixed(3)}`));
      expect(keys.size).toBe(8);
      let minDist = Infinity;
      for (let i = 0; i < 8; i++)
        for (let j = 0; j < i; j++)
          minDist = Math.min(minDist, Math.hypot(((batch[i].x1 as number) - (batch[j].x1 as number)) / 15, ((batch[i].x2 as number) - (batch[j].x2 as number)) / 15));
      expect(minDist).toBeGreaterThan(1e-3);
    }
  });

  it('handles mixed integer, categorical, log and conditional spaces', () => {
    const space: SearchSpace = {
      model: categorical(['linear', 'tree']),
      lr: float(1e-4, 1, { log: true, when: { parent: 'model', values: ['linear'] } }),
      depth: int(1, 12, { when: { parent: 'model', values: ['tree'] } }),
      units: int(8, 512, { log: true }),
    };
    const objective = (p: Record<string, unknown>) =>
      p.model === 'linear' ? (Math.log10(p.lr as number) + 2) ** 2 + 0.5 : ((p.depth as number) - 7) ** 2 / 10 + Math.abs(Math.log2((p.units as number) / 64));
    const { history, bestSoFar } = runLoop(new GpSampler(), space, objective as never, 25, 2);
    history.trials.forEach((t) => expect(validateValues(space, t.params)).toBe(t.params));
    expect(bestSoFar[24]).toBeLessThan(0.6);
  });

  it('works on a space with only categorical parameters', () => {
    const space: SearchSpace = { a: categorical(['x', 'y', 'z']), b: categorical([true, false]), c: categorical([1, 2, 3, 4]) };
    const obj = (p: Record<string, unknown>) => (p.a === 'z' ? 0 : 1) + (p.b ? 0 : 1) + ((p.c as number) - 3) ** 2;
    const { history, bestSoFar } = runLoop(new GpSampler(), space, obj as never, 16, 0);
    history.trials.forEach((t) => validateValues(space, t.params));
    expect(bestSoFar[15]).toBe(0);
  });

  it('copes with identical observations, duplicates and a single observation', () => {
    const h = new MemoryHistory();
    for (let i = 0; i < 6; i++) h.add({ x1: 1, x2: 2 }, 3);
    const p = new GpSampler().ask(request(braninSpace, h));
    validateValues(braninSpace, p);
    const one = new MemoryHistory();
    one.add({ x1: 0, x2: 5 }, 10);
    validateValues(braninSpace, new GpSampler({ nInitial: 1 }).ask(request(braninSpace, one)));
  });

  it('leaves NaN and infinite values out of the model, with one warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = new MemoryHistory();
    const sampler = new GpSampler();
    runLoop(new TpeSampler(), braninSpace, braninObjective, 6, 0).history.trials.forEach((t) => h.add(t.params, t.values![0]));
    h.add({ x1: 0, x2: 0 }, Number.NaN);
    h.add({ x1: 1, x2: 1 }, Number.POSITIVE_INFINITY);
    validateValues(braninSpace, sampler.ask(request(braninSpace, h)));
    validateValues(braninSpace, sampler.ask(request(braninSpace, h)));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/2 trial\(s\) with NaN or infinite/);
  });

  it('rejects several objectives and bad options with clear errors', () => {
    const h = new MemoryHistory();
    expect(() => new GpSampler().ask({ ...request(braninSpace, h), directions: ['minimize', 'maximize'] })).toThrow(/one objective/);
    expect(() => new GpSampler({ nInitial: 0 })).toThrow(MetatuneError);
    expect(() => new GpSampler({ outputTransform: 'log' as never })).toThrow(/outputTransform must be 'standardize' or 'power', got "log"/);
  });

  it('with deterministicObjective fits a near-zero noise and still finds Branin\'s minimum to within 0.05', () => {
    const noiseAfter = (sampler: GpSampler) => {
      const { bestSoFar } = runLoop(sampler, braninSpace, braninObjective, 30, 0);
      return { best: bestSoFar[29], noise: (sampler as unknown as { lastHyper: { noise: number } }).lastHyper.noise };
    };
    const plain = noiseAfter(new GpSampler());
    const deterministic = noiseAfter(new GpSampler({ deterministicObjective: true }));
    expect(deterministic.noise).toBeLessThan(1e-4);
    expect(deterministic.noise).toBeLessThan(plain.noise / 10);
    expect(deterministic.best - BRANIN_MIN).toBeLessThan(0.05);
    expect(() => new GpSampler({ deterministicObjective: 'yes' as never })).toThrow(/deterministicObjective must be true or false/);
    expect(() => new GpSampler({ trustRegion: 'on' as never })).toThrow(/trustRegion must be true, false or an options object/);
    expect(() => new GpSampler({ trustRegion: { minLength: -1 } })).toThrow(/trustRegion.minLength must be a positive number/);
  });

  it('with the power output transform also finds Branin\'s minimum to within 0.05 in 30 trials', () => {
    const { bestSoFar } = runLoop(new GpSampler({ outputTransform: 'power' }), braninSpace, braninObjective, 30, 0);
    expect(bestSoFar[29] - BRANIN_MIN).toBeLessThan(0.05);
  });

  it('never proposes a point outside the space (property)', () => {
    const spec = fc.oneof(
      fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 50, noNaN: true })).map(([lo, w]) => float(lo, lo + w)),
      fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 30 })).map(([lo, w]) => int(lo, lo + w)),
      fc.tuple(fc.double({ min: 1e-5, max: 1, noNaN: true }), fc.double({ min: 2, max: 1e4, noNaN: true })).map(([lo, f]) => float(lo, lo * f, { log: true })),
      fc.integer({ min: 1, max: 4 }).map((k) => categorical(Array.from({ length: k }, (_, i) => `c${i}`))),
    );
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 1000 }), (specs, seed) => {
        const space: SearchSpace = Object.fromEntries(specs.map((s, i) => [`p${i}`, s]));
        const obj = (p: Record<string, number | string>) => Object.values(p).reduce<number>((s, v) => s + (typeof v === 'number' ? Math.sin(v) : v.length), 0);
        const { history } = runLoop(new GpSampler({ nInitial: 3, optimizer: { sweep: 128, localSteps: 5 } }), space, obj as never, 6, seed);
        history.trials.forEach((t) => validateValues(space, t.params));
      }),
      { numRuns: 25 },
    );
  });
});

describe('subsetIndices', () => {
  it('keeps the best half and the most recent others', () => {
    const values = [5, 1, 7, 0, 9, 3, 8, 2];
    expect(subsetIndices(values, 4)).toEqual([1, 3, 6, 7]);
    expect(subsetIndices(values, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  describe('trust region', () => {
    it('finds Branin\'s minimum to within 0.05 in 30 trials', () => {
      const { bestSoFar } = runLoop(new GpSampler({ trustRegion: true }), braninSpace, braninObjective, 30, 0);
      expect(bestSoFar[29] - BRANIN_MIN).toBeLessThan(0.05);
    });

    it('suggests only inside the region around the incumbent, which shrinks after failures', () => {
      // 5 design points, then 12 failures (4 per halving in 2-D): side 0.8 / 8 = 0.1 of the cube.
      const h = new MemoryHistory();
      const design = runLoop(new GpSampler(), braninSpace, braninObjective, 5, 0).history.trials;
      design.forEach((t) => h.add(t.params, t.values![0]));
      const best = design.reduce((a, b) => (a.values![0] <= b.values![0] ? a : b));
      for (let i = 0; i < 12; i++) h.add({ x1: 10, x2: 15 - i }, 1e6 + i);
      const region = 0.8 / 8;
      for (let k = 0; k < 3; k++) {
        const p = new GpSampler({ trustRegion: true }).ask(request(braninSpace, h, h.trials.length + k));
        // Each side is at most the whole region's geometric mean times the largest length-scale ratio; the
        // region is centred on the incumbent, so every coordinate stays well within half the cube of it.
        const du = [Math.abs((p.x1 as number) - (best.params.x1 as number)) / 15, Math.abs((p.x2 as number) - (best.params.x2 as number)) / 15];
        expect(Math.sqrt(du[0] * du[1])).toBeLessThanOrEqual(region / 2 + 1e-12);
      }
    });
  });
});
