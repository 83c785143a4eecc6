import { describe, expect, it } from 'vitest';
import { MetatuneError, makeKey, random } from '@metatune/core';
import { BENCHMARK_FUNCTION_NAMES, benchmarkFunction } from './create';

const DIMS = [1, 2, 3, 6, 10];

describe('benchmark functions', () => {
  for (const name of BENCHMARK_FUNCTION_NAMES) {
    it(`${name}: f at every known minimizer is the known minimum, and no random point beats it`, () => {
      let checked = 0;
      for (const d of DIMS) {
        let f;
        try {
          f = benchmarkFunction(name, d);
        } catch {
          continue;
        }
        checked++;
        expect(f.bounds).toHaveLength(d);
        for (const m of f.optimum.minimizers) {
          expect(m).toHaveLength(d);
          m.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(f.bounds[i][0]);
            expect(v).toBeLessThanOrEqual(f.bounds[i][1]);
          });
          // Published optima carry 5-6 significant digits.
          expect(Math.abs(f.evaluate(m) - f.optimum.value)).toBeLessThan(1e-5 * Math.max(1, Math.abs(f.optimum.value)));
        }
        const u = random.uniform(makeKey(d), 2000 * d);
        for (let s = 0; s < 2000; s++) {
          const x = f.bounds.map(([lo, hi], i) => lo + (hi - lo) * u[s * d + i]);
          expect(f.evaluate(x)).toBeGreaterThanOrEqual(f.optimum.value - 1e-5 * Math.max(1, Math.abs(f.optimum.value)));
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it('matches published values away from the optimum', () => {
    // Branin at the origin: (−6)^2 + 10(1 − 1/(8π)) + 10 = 55.60211264227026.
    expect(benchmarkFunction('branin').evaluate([0, 0])).toBeCloseTo(55.60211264227026, 10);
    expect(benchmarkFunction('rosenbrock', 2).evaluate([0, 0])).toBe(1);
    expect(benchmarkFunction('rastrigin', 2).evaluate([1, 1])).toBeCloseTo(2, 12);
    expect(benchmarkFunction('ackley', 2).evaluate([1, 1])).toBeCloseTo(3.6253849384403627, 10);
    expect(benchmarkFunction('ellipsoid', 3).evaluate([1, 1, 1])).toBeCloseTo(1 + 1e3 + 1e6, 6);
    expect(benchmarkFunction('styblinski-tang', 1).evaluate([0])).toBe(0);
  });

  it('rejects dimensions a function does not support, naming the limit', () => {
    expect(() => benchmarkFunction('branin', 3)).toThrow(/branin is not defined in dimension 3.*dimension 2 only/);
    expect(() => benchmarkFunction('hartmann6', 5)).toThrow(MetatuneError);
    expect(() => benchmarkFunction('rosenbrock', 1)).toThrow(/>= 2/);
    expect(() => benchmarkFunction('sphere', 2.5)).toThrow(/dimension 2.5/);
    expect(() => benchmarkFunction('sphere', 3).evaluate([1, 2])).toThrow(/length 2/);
  });
});
