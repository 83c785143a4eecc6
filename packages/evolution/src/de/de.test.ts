import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DifferentialEvolution, type DeOptions } from './de';
import { shifted, type TestFunction } from '../testing/functions';

function run(f: TestFunction, options: DeOptions, budget: number): DifferentialEvolution {
  const de = new DifferentialEvolution(options);
  while (de.evaluations < budget && !(de.best !== undefined && de.best.f <= 1e-8)) {
    const xs = de.ask();
    de.tell(xs, xs.map(f));
  }
  return de;
}

const box = (d: number) => Array.from({ length: d }, () => [-5, 5] as const);

describe('DifferentialEvolution', () => {
  it('JADE reaches 1e-8 on the shifted 10-D sphere in fewer evaluations than scipy (17,445)', () => {
    const de = run(shifted('sphere', 10), { bounds: box(10), seed: 0 }, 17445);
    expect(de.best!.f).toBeLessThan(1e-8);
    expect(de.muCR).not.toBe(0.5);
  });

  it('rand/1/bin converges on a 5-D sphere', () => {
    const de = run(shifted('sphere', 5), { bounds: box(5), strategy: 'rand1bin', seed: 1 }, 30000);
    expect(de.best!.f).toBeLessThan(1e-8);
  });

  it('never proposes points outside the bounds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.constantFrom<'rand1bin' | 'current-to-pbest1'>('rand1bin', 'current-to-pbest1'), fc.integer({ min: 0, max: 999 }), (d, strategy, seed) => {
        const bounds = Array.from({ length: d }, (_, i) => [i, i + 0.5] as const);
        const de = new DifferentialEvolution({ bounds, strategy, seed, populationSize: 6, F: 1.9 });
        for (let g = 0; g < 4; g++) {
          const xs = de.ask();
          for (const x of xs) x.forEach((v, i) => expect(v >= bounds[i][0] && v <= bounds[i][1]).toBe(true));
          de.tell(xs, xs.map((x) => -x.reduce((s, v) => s + v, 0)));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('is deterministic, never lets a NaN trial replace its target, and validates options', () => {
    const a = new DifferentialEvolution({ bounds: box(3), seed: 4 });
    const b = new DifferentialEvolution({ bounds: box(3), seed: 4 });
    expect(a.ask()).toEqual(b.ask());
    const xs = a.ask();
    a.tell(xs, xs.map((x) => x[0] ** 2));
    const before = a.population();
    const trials = a.ask();
    a.tell(trials, trials.map(() => Number.NaN));
    expect(a.population()).toEqual(before);
    expect(a.nanCount).toBe(a.populationSize);
    expect(() => new DifferentialEvolution({ bounds: box(3), populationSize: 3 })).toThrow(/populationSize/);
    expect(() => new DifferentialEvolution({ bounds: [[1, 0]] })).toThrow(/low < high/);
    expect(() => a.tell(trials.slice(1), [1])).toThrow(/whole generation/);
  });
});
