import { describe, expect, it } from 'vitest';
import { MetatuneError } from '../errors';
import { estimate } from './estimate';

describe('estimate', () => {
  it('gives the mean and 1.96 sd / sqrt(n) with the sample sd', () => {
    const e = estimate([1, 2, 3, 4]);
    expect(e.mean).toBe(2.5);
    expect(e.n).toBe(4);
    // sample sd = sqrt(5/3)
    expect(e.ci95).toBeCloseTo((1.959963984540054 * Math.sqrt(5 / 3)) / 2, 12);
  });

  it('covers the true mean about 95% of the time', () => {
    // Deterministic pseudo-normal draws via a fixed LCG and Box-Muller.
    let s = 12345;
    const u = () => ((s = (1103515245 * s + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
    let covered = 0;
    for (let trial = 0; trial < 400; trial++) {
      const values = Array.from({ length: 50 }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
      const e = estimate(values);
      if (Math.abs(e.mean) <= e.ci95) covered++;
    }
    expect(covered / 400).toBeGreaterThan(0.91);
    expect(covered / 400).toBeLessThan(0.99);
  });

  it('has a zero interval for one value and rejects empty and non-finite input', () => {
    expect(estimate([3])).toEqual({ mean: 3, ci95: 0, n: 1 });
    expect(() => estimate([])).toThrow(MetatuneError);
    expect(() => estimate([1, Number.NaN])).toThrow(/value 1 is NaN/);
  });
});
