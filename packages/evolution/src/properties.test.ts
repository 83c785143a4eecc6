/**
 * The quality bar as properties over every vector optimizer of the package, for arbitrary seeds,
 * dimensions and objectives: (1) never a point outside the bounds, (2) the same seed and the same
 * told values give the same run, a different seed a different one, (3) a NaN fitness acts exactly
 * as the worst possible value (+Infinity) would, and is counted in `nanCount`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CMAES } from './cmaes/cmaes';
import { RestartCMAES } from './cmaes/restarts';
import { DifferentialEvolution } from './de/de';
import { OpenAIES } from './es/openai-es';
import { GeneticAlgorithm } from './ga/ga';
import { ParticleSwarm } from './pso/pso';
import type { VectorOptimizer } from './util/optimizer';

type Box = readonly (readonly [number, number])[];

/** Every optimizer, built over `box` from `seed`, with settings that push points at the walls. */
const MAKERS: Record<string, (box: Box, seed: number) => VectorOptimizer> = {
  cmaes: (box, seed) => new CMAES({ mean: box.map(([, hi]) => hi), sigma: 3, bounds: box, seed, maxResample: 1 }),
  'sep-cmaes': (box, seed) => new CMAES({ mean: box.map(([lo]) => lo), sigma: 3, bounds: box, seed, diagonal: true, maxResample: 0 }),
  'cmaes-margin': (box, seed) => new CMAES({ mean: box.map(([lo, hi]) => (lo + hi) / 2), sigma: 0.5, bounds: box, seed, discreteWidths: box.map(([lo, hi]) => (hi - lo) / 3) }),
  ipop: (box, seed) => new RestartCMAES({ strategy: 'ipop', mean: box.map(([lo]) => lo), sigma: 5, bounds: box, seed, maxResample: 1 }),
  bipop: (box, seed) => new RestartCMAES({ strategy: 'bipop', mean: box.map(([, hi]) => hi), sigma: 5, bounds: box, seed, maxResample: 1 }),
  'de-jade': (box, seed) => new DifferentialEvolution({ bounds: box, seed, F: 1.9 }),
  'de-rand1bin': (box, seed) => new DifferentialEvolution({ bounds: box, seed, strategy: 'rand1bin', F: 1.9 }),
  pso: (box, seed) => new ParticleSwarm({ bounds: box, seed, maxVelocity: 1e6 }),
  ga: (box, seed) => new GeneticAlgorithm({ bounds: box, seed, mutationProb: 1, categories: box.map((_, i) => (i === 0 ? 3 : 0)) }),
  es: (box, seed) => new OpenAIES({ mean: box.map(([lo]) => lo), sigma: 10, learningRate: 5, pairs: 4, bounds: box, seed }),
};
const NAMES = Object.keys(MAKERS);

const boxArb = fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 50, noNaN: true })), { minLength: 2, maxLength: 5 }).map((rows) => rows.map(([lo, w]) => [lo, lo + w] as const));

/** A tilted, shifted quadratic whose minimiser lies outside the box, so the walls are pressed. */
const wallObjective = (box: Box) => (x: Float64Array) => x.reduce((s, v, i) => s + (v - box[i][1] - 10 * (i + 1)) ** 2, 0);

/** Runs `generations` ask/tell steps; `values` may post-process the fitness values; returns every point asked. */
function drive(opt: VectorOptimizer, f: (x: Float64Array) => number, generations: number, values: (fs: number[], g: number) => number[] = (fs) => fs): Float64Array[][] {
  const asked: Float64Array[][] = [];
  for (let g = 0; g < generations; g++) {
    const xs = opt.ask();
    asked.push(xs.map((x) => Float64Array.from(x)));
    opt.tell(xs, values(xs.map(f), g));
  }
  return asked;
}

describe('properties of every optimizer', () => {
  it('never proposes a point outside the bounds (any box, seed, and walls pressed hard)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), boxArb, fc.integer({ min: 0, max: 1e6 }), (name, box, seed) => {
        for (const gen of drive(MAKERS[name](box, seed), wallObjective(box), 12)) {
          for (const x of gen) {
            expect(x.length).toBe(box.length);
            x.forEach((v, i) => {
              expect(v).toBeGreaterThanOrEqual(box[i][0]);
              expect(v).toBeLessThanOrEqual(box[i][1]);
            });
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic given the seed, and another seed gives another run', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), boxArb, fc.integer({ min: 0, max: 1e6 }), (name, box, seed) => {
        const f = wallObjective(box);
        const a = drive(MAKERS[name](box, seed), f, 6);
        const b = drive(MAKERS[name](box, seed), f, 6);
        expect(b).toEqual(a);
        expect(drive(MAKERS[name](box, seed + 1), f, 6)).not.toEqual(a);
      }),
      { numRuns: 60 },
    );
  });

  it('treats a NaN fitness exactly as +Infinity (the worst value) and counts it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES),
        boxArb,
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
        (name, box, seed, mask) => {
          const f = (x: Float64Array) => x.reduce((s, v, i) => s + (v - (box[i][0] + box[i][1]) / 2) ** 2, 0);
          // Never a whole generation of failures: keep the first value of every generation finite.
          const poison = (bad: number) => (fs: number[], g: number) => fs.map((v, i) => (i > 0 && mask[(g * 7 + i) % mask.length] ? bad : v));
          const withNaN = MAKERS[name](box, seed);
          const withInf = MAKERS[name](box, seed);
          const a = drive(withNaN, f, 8, poison(Number.NaN));
          const b = drive(withInf, f, 8, poison(Infinity));
          expect(a).toEqual(b);
          const injected = a.reduce((s, gen, g) => s + gen.filter((_, i) => i > 0 && mask[(g * 7 + i) % mask.length]).length, 0);
          expect(withNaN.nanCount).toBe(injected);
          expect(withInf.nanCount).toBe(0);
          expect(Number.isNaN(withNaN.best!.f)).toBe(false);
          expect(withNaN.best).toEqual(withInf.best);
        },
      ),
      { numRuns: 100 },
    );
  });
});
