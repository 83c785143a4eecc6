import { Rng, makeKey } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { powerTransform, yeoJohnson } from './power-transform';

describe('yeoJohnson', () => {
  it('is the identity at lambda = 1, continuous at the special exponents 0 and 2, and increasing', () => {
    for (const y of [-3, -0.5, 0, 0.7, 12]) expect(yeoJohnson(y, 1)).toBeCloseTo(y, 12);
    for (const y of [0.3, 5]) expect(yeoJohnson(y, 1e-7)).toBeCloseTo(Math.log1p(y), 6);
    for (const y of [-0.3, -5]) expect(yeoJohnson(y, 2 - 1e-7)).toBeCloseTo(-Math.log1p(-y), 6);
    for (const lambda of [-2, -0.5, 0, 0.5, 1, 2, 3.5]) {
      let previous = -Infinity;
      for (let y = -10; y <= 10; y += 0.25) {
        const t = yeoJohnson(y, lambda);
        expect(t).toBeGreaterThan(previous);
        previous = t;
      }
    }
  });
});

describe('powerTransform', () => {
  it('tames a heavy upper tail: lambda below 1, ranks kept, unit variance, the low values spread apart', () => {
    const rng = new Rng(makeKey(4));
    // log-normal values, like an objective with a few huge losses far from a flat basin
    const values = Array.from({ length: 60 }, () => Math.exp(2 * rng.normal()));
    const { y, lambda } = powerTransform(values);
    expect(lambda).toBeLessThan(0.5);
    const order = (v: ArrayLike<number>) => Array.from(v, (_, i) => i).sort((a, b) => v[a] - v[b]);
    expect(order(y)).toEqual(order(values));
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / (y.length - 1);
    expect(mean).toBeCloseTo(0, 10);
    expect(variance).toBeCloseTo(1, 10);
    // The 10 smallest values span a far larger part of the unit-variance scale than when only standardized.
    const sorted = order(values);
    const std = Math.sqrt(values.reduce((s, v) => s + (v - values.reduce((a, b) => a + b, 0) / values.length) ** 2, 0) / (values.length - 1));
    const standardizedSpan = (values[sorted[9]] - values[sorted[0]]) / std;
    expect(y[sorted[9]] - y[sorted[0]]).toBeGreaterThan(5 * standardizedSpan);
  });

  it('leaves Gaussian values nearly alone (lambda close to 1)', () => {
    const rng = new Rng(makeKey(5));
    const { lambda } = powerTransform(Array.from({ length: 200 }, () => 3 + rng.normal()));
    expect(Math.abs(lambda - 1)).toBeLessThan(0.3);
  });

  it('only standardizes fewer than 3 distinct values', () => {
    const { y, lambda } = powerTransform([5, 5, 7, 7]);
    expect(lambda).toBe(1);
    const half = Math.sqrt(3) / 2; // (7 - 6) / std, std = sqrt(4 / 3)
    Array.from(y).forEach((v, i) => expect(v).toBeCloseTo(i < 2 ? -half : half, 12));
    expect(Array.from(powerTransform([2]).y)).toEqual([0]);
  });
});
