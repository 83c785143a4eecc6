import { MetatuneError, makeKey } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { SOBOL_MAX_DIMENSION, Sobol, directionNumbers } from './sobol';

describe('Sobol', () => {
  it('gives the published first points (SciPy qmc.Sobol(3, scramble=False))', () => {
    const pts = new Sobol(3).take(8).map((p) => Array.from(p));
    expect(pts).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
  });

  it('derives direction numbers with the Joe-Kuo recurrence (dimension 3: s = 2, a = 1, m = 1, 3)', () => {
    const v = directionNumbers(3)[2];
    // m_3 = 2 a_1 m_2 ^ 4 m_1 ^ m_1 = 6 ^ 4 ^ 1 = 3; m_4 = 2 m_3 ^ 4 m_2 ^ m_2 = 6 ^ 12 ^ 3 = 9.
    const m = Array.from(v.subarray(0, 4), (x, i) => x / 2 ** (31 - i));
    expect(m).toEqual([1, 3, 3, 9]);
  });

  it('stratifies every coordinate of the first 2^m points (each is a (0, m, 1)-net)', () => {
    const m = 7;
    const pts = new Sobol(SOBOL_MAX_DIMENSION).take(2 ** m);
    for (let d = 0; d < SOBOL_MAX_DIMENSION; d++) {
      const bins = new Set(pts.map((p) => Math.floor(p[d] * 2 ** m)));
      expect(bins.size).toBe(2 ** m);
    }
  });

  it('makes the first two coordinates a (0, m, 2)-net', () => {
    const m = 6;
    const pts = new Sobol(2).take(2 ** m);
    for (let a = 0; a <= m; a++) {
      const boxes = new Set(pts.map((p) => `${Math.floor(p[0] * 2 ** a)},${Math.floor(p[1] * 2 ** (m - a))}`));
      expect(boxes.size).toBe(2 ** m);
    }
  });

  it('keeps the stratification under a random digital shift, and is deterministic per key', () => {
    const a = new Sobol(5, { key: makeKey(3) }).take(64);
    const b = new Sobol(5, { key: makeKey(3) }).take(64);
    expect(a).toEqual(b);
    for (let d = 0; d < 5; d++) expect(new Set(a.map((p) => Math.floor(p[d] * 64))).size).toBe(64);
    expect(a[0].some((x) => x !== 0)).toBe(true);
  });

  it('rejects unsupported dimensions', () => {
    expect(() => new Sobol(0)).toThrow(MetatuneError);
    expect(() => new Sobol(SOBOL_MAX_DIMENSION + 1)).toThrow(/Sobol dimension/);
  });
});
