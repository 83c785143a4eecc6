import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MetatuneError, type ParamValues, type Sampler, type SearchSpace, categorical, createRegistry, defineSpace, float, int, makeKey } from '@metatune/core';
import { MemoryHistory } from '../testing/history';
import { registerEvolution } from '../plugin';
import { cmaesSampler, deSampler, esSampler, gaSampler, psoSampler } from './samplers';

const space = defineSpace({ x: float(-5, 5), y: float(1e-3, 10, { log: true }), n: int(1, 8), kind: categorical(['a', 'b', 'c']) });
const objective = (p: ParamValues) => ((p.x as number) - 1) ** 2 + Math.log10(p.y as number) ** 2 + ((p.n as number) - 6) ** 2 + (p.kind === 'c' ? 0 : 1);

/** Drives a sampler sequentially for `trials` trials; returns the history. */
function drive(sampler: Sampler, trials: number, s: SearchSpace = space, f: (p: ParamValues) => number = objective): MemoryHistory {
  const history = new MemoryHistory();
  for (let t = 0; t < trials; t++) {
    const params = sampler.ask({ space: s, directions: ['minimize'], history, pending: [], trialNumber: t, key: makeKey(t) });
    history.add(params, f(params));
  }
  return history;
}

const factories: [string, () => Sampler][] = [
  ['cmaes', () => cmaesSampler({ seed: 1 })],
  ['cmaes-ipop', () => cmaesSampler({ seed: 1, restart: 'ipop' })],
  ['de', () => deSampler({ seed: 1, populationSize: 12 })],
  ['pso', () => psoSampler({ seed: 1 })],
  ['ga', () => gaSampler({ seed: 1, populationSize: 12 })],
  ['es', () => esSampler({ seed: 1 })],
];

describe('population samplers', () => {
  it.each(factories)('%s improves on its first generation over 150 trials', (_name, make) => {
    const h = drive(make(), 150);
    const vals = h.completed().map((t) => t.values![0]);
    expect(Math.min(...vals.slice(100))).toBeLessThan(Math.min(...vals.slice(0, 12)));
  });

  it.each(factories)('%s proposes the same points from a fresh process (stateless replay)', (_name, make) => {
    const warm = make();
    const h = drive(warm, 40);
    const request = { space, directions: ['minimize'] as const, history: h, pending: [], trialNumber: 40, key: makeKey(40) };
    // A fresh sampler (another worker) rebuilds the state from the history alone.
    expect(make().askBatch!(request, 3)).toEqual(warm.askBatch!(request, 3));
  });

  it('CMA-ES sampler: pending trials get different candidates of the generation', () => {
    const s = cmaesSampler({ seed: 2 });
    const h = drive(s, 5);
    const base = { space, directions: ['minimize'] as const, history: h, trialNumber: 5, key: makeKey(5) };
    const first = s.ask({ ...base, pending: [] });
    const second = s.ask({ ...base, pending: [first] });
    expect(second).not.toEqual(first);
    expect(s.askBatch!({ ...base, pending: [] }, 2)).toEqual([first, second]);
  });

  it('every proposal is valid in the space (property: any seed, integer and log params)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: factories.length - 1 }), (seed, which) => {
        const sampler = [cmaesSampler, deSampler, psoSampler, gaSampler, esSampler][which % 5]({ seed });
        const h = drive(sampler, 30);
        for (const t of h.trials) {
          expect(t.params.x as number).toBeGreaterThanOrEqual(-5);
          expect(t.params.x as number).toBeLessThanOrEqual(5);
          expect(t.params.y as number).toBeGreaterThanOrEqual(1e-3);
          expect(t.params.y as number).toBeLessThanOrEqual(10);
          expect(Number.isInteger(t.params.n)).toBe(true);
          expect(['a', 'b', 'c']).toContain(t.params.kind);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('maximisation, NaN objective values and FAIL trials are handled', () => {
    const s = cmaesSampler({ seed: 3 });
    const history = new MemoryHistory();
    const sp = defineSpace({ a: float(0, 1), b: float(0, 1) });
    for (let t = 0; t < 120; t++) {
      const p = s.ask({ space: sp, directions: ['maximize'], history, pending: [], trialNumber: t, key: makeKey(t) });
      if (t % 10 === 3) history.add(p, undefined, 'FAIL');
      else history.add(p, t % 7 === 0 ? Number.NaN : -(((p.a as number) - 0.3) ** 2) - ((p.b as number) - 0.8) ** 2);
    }
    const best = history.completed().filter((t) => !Number.isNaN(t.values![0])).reduce((b, t) => (t.values![0] > b.values![0] ? t : b));
    expect(best.values![0]).toBeGreaterThan(-1e-3);
  });

  it('WS-CMA-ES warm start from a related study reaches good values sooner', () => {
    const sp = defineSpace({ a: float(0, 1), b: float(0, 1), c: float(0, 1) });
    const target = (shift: number) => (p: ParamValues) => ((p.a as number) - 0.2 - shift) ** 2 + ((p.b as number) - 0.7) ** 2 + ((p.c as number) - 0.4 + shift) ** 2;
    const source = drive(cmaesSampler({ seed: 4 }), 80, sp, target(0));
    const cold = drive(cmaesSampler({ seed: 5 }), 30, sp, target(0.03));
    const warmSampler = cmaesSampler({ seed: 5 });
    warmSampler.warmStart!([{ study: { id: 1, name: 'src', space: sp, directions: ['minimize'], userAttrs: {} }, trials: source.trials }]);
    const warm = drive(warmSampler, 30, sp, target(0.03));
    const best = (h: MemoryHistory) => Math.min(...h.completed().map((t) => t.values![0]));
    expect(best(warm)).toBeLessThan(best(cold));
  });

  it('CMA-ES sampler starts at the centre by default, at x0 when given, or at a seeded random point', () => {
    const sp = defineSpace({ a: float(-10, 10), b: float(0, 4) });
    const first = (options: Parameters<typeof cmaesSampler>[0]) => drive(cmaesSampler({ sigma: 1e-9, ...options }), 1, sp, () => 0).trials[0].params;
    expect(first({}).a as number).toBeCloseTo(0, 5);
    expect(first({}).b as number).toBeCloseTo(2, 5);
    expect(first({ x0: { a: 7, b: 0.5 } }).a as number).toBeCloseTo(7, 5);
    expect(first({ x0: { a: 7, b: 0.5 } }).b as number).toBeCloseTo(0.5, 5);
    const r1 = first({ x0: 'random', seed: 1 });
    expect(first({ x0: 'random', seed: 1 })).toEqual(r1);
    expect(first({ x0: 'random', seed: 2 })).not.toEqual(r1);
    expect(Math.abs(r1.a as number) + Math.abs((r1.b as number) - 2)).toBeGreaterThan(1e-3);
    expect(() => first({ x0: { a: 1 } })).toThrow(/x0 lacks b/);
    expect(() => first({ x0: { a: 11, b: 1 } })).toThrow(/outside/);
  });

  it('rejects several objectives', () => {
    const s = cmaesSampler();
    expect(() => s.ask({ space, directions: ['minimize', 'minimize'], history: new MemoryHistory(), pending: [], trialNumber: 0, key: makeKey(0) })).toThrow(MetatuneError);
  });
});

describe('cmaes sampler sampling option', () => {
  it('draws a mirrored generation by default and independent steps with sampling: independent', () => {
    const box = defineSpace({ a: float(0, 10), b: float(-1, 1), c: float(100, 200) });
    const request = { space: box, directions: ['minimize'] as const, history: new MemoryHistory(), pending: [], trialNumber: 0, key: makeKey(0) };
    const centre = { a: 5, b: 0, c: 150 };
    // lambda = 4 + floor(3 ln 3) = 7: points k and k + 4 (k < 3) mirror each other about the centre start.
    const mirrored = (points: ParamValues[]) =>
      [0, 1, 2].every((k) => Object.keys(centre).every((name) => Math.abs((points[k][name] as number) + (points[k + 4][name] as number) - 2 * centre[name as keyof typeof centre]) < 1e-9));
    const byDefault = cmaesSampler({ seed: 3 }).askBatch!(request, 7);
    const independent = cmaesSampler({ seed: 3, sampling: 'independent' }).askBatch!(request, 7);
    expect(mirrored(byDefault)).toBe(true);
    expect(mirrored(independent)).toBe(false);
  });
});

describe('evolution plugin', () => {
  it('registers the five samplers and validates options with INVALID_OPTIONS', () => {
    const registry = registerEvolution(createRegistry());
    expect(registry.list('sampler').map((e) => e.id).sort()).toEqual(['sampler:cmaes', 'sampler:de', 'sampler:es', 'sampler:ga', 'sampler:pso']);
    const s = registry.create('sampler:cmaes', { restart: 'bipop', seed: 1 });
    expect(s.name).toBe('cmaes');
    for (const [id, bad] of [['sampler:cmaes', { sigma: -1 }], ['sampler:cmaes', { sampling: 'mirrored' }], ['sampler:de', { populationSize: 3 }], ['sampler:pso', { typo: 1 }]] as const) {
      try {
        registry.createUnchecked(id, bad);
        expect.unreachable();
      } catch (e) {
        expect((e as MetatuneError).code).toBe('INVALID_OPTIONS');
      }
    }
  });
});
