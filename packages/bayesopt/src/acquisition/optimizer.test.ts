import { makeKey } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { optimizeAcquisition } from './optimizer';

describe('optimizeAcquisition', () => {
  it('finds the maximum of a narrow bump in 6-D that the sweep alone misses', () => {
    const c = [0.13, 0.87, 0.42, 0.66, 0.05, 0.71];
    const f = (p: Float64Array) => -p.reduce((s, v, j) => s + (v - c[j]) ** 2, 0);
    const { point, value } = optimizeAcquisition(6, (ps) => Float64Array.from(ps, f), [], makeKey(0), { localSteps: 60 });
    expect(value).toBeGreaterThan(-1e-3);
    point.forEach((v, j) => expect(Math.abs(v - c[j])).toBeLessThan(0.03));
  });

  it('stays inside the unit cube', () => {
    const f = (p: Float64Array) => p.reduce((s, v) => s + v, 0);
    const { point } = optimizeAcquisition(4, (ps) => Float64Array.from(ps, f), [Float64Array.from([1, 1, 1, 0.99])], makeKey(1));
    point.forEach((v) => {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    });
    expect(point.reduce((s, v) => s + v, 0)).toBeGreaterThan(3.95);
  });
});
