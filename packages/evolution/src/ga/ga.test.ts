import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GeneticAlgorithm } from './ga';

describe('GeneticAlgorithm', () => {
  it('optimises a mixed numeric / categorical objective', () => {
    // Genes 0-2 numeric in [-5, 5]; gene 3 categorical with 4 categories (category 2 is best).
    const bounds = [[-5, 5], [-5, 5], [-5, 5], [0, 1]] as const;
    const f = (x: ArrayLike<number>) => (x[0] - 1) ** 2 + (x[1] + 2) ** 2 + x[2] ** 2 + (Math.floor(x[3] * 4) === 2 ? 0 : 5);
    const ga = new GeneticAlgorithm({ bounds, categories: [0, 0, 0, 4], seed: 3 });
    for (let g = 0; g < 150; g++) {
      const xs = ga.ask();
      ga.tell(xs, xs.map(f));
    }
    expect(ga.best!.f).toBeLessThan(0.05);
    expect(ga.best!.x[3]).toBe(2.5 / 4);
  });

  it('uniform crossover also works, and elitism never loses the best', () => {
    const bounds = Array.from({ length: 4 }, () => [-3, 3] as const);
    const f = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v * v, 0);
    const ga = new GeneticAlgorithm({ bounds, crossover: 'uniform', seed: 1, populationSize: 20 });
    let bestSoFar = Infinity;
    for (let g = 0; g < 60; g++) {
      const xs = ga.ask();
      const fs = xs.map(f);
      ga.tell(xs, fs);
      // The elite survives: the next generation's parents include a point at least as good.
      bestSoFar = Math.min(bestSoFar, ...fs);
      expect(ga.best!.f).toBe(bestSoFar);
    }
    expect(bestSoFar).toBeLessThan(0.05);
  });

  it('stays inside the bounds, keeps categorical genes on bin centres, ignores NaN (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 999 }), (d, k, seed) => {
        const bounds = Array.from({ length: d + 1 }, () => [0, 1] as const);
        const categories = [...new Array(d).fill(0), k];
        const ga = new GeneticAlgorithm({ bounds, categories, seed, populationSize: 8, mutationProb: 0.5 });
        for (let g = 0; g < 4; g++) {
          const xs = ga.ask();
          for (const x of xs) {
            x.forEach((v) => expect(v >= 0 && v <= 1).toBe(true));
            expect(Math.abs(x[d] * k - 0.5 - Math.round(x[d] * k - 0.5))).toBeLessThan(1e-9);
          }
          ga.tell(xs, xs.map((x, i) => (i === 0 ? Number.NaN : x[0])));
        }
        expect(ga.nanCount).toBe(4);
      }),
      { numRuns: 30 },
    );
  });

  it('validates options', () => {
    expect(() => new GeneticAlgorithm({ bounds: [[0, 1]], elites: 50 })).toThrow(/elites/);
    expect(() => new GeneticAlgorithm({ bounds: [[0, 1]], categories: [1, 2] })).toThrow(/category counts/);
    expect(() => new GeneticAlgorithm({ bounds: [[0, 1]], mutationProb: 2 })).toThrow(/mutationProb/);
  });
});
