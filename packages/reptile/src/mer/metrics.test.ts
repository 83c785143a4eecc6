import { MetatuneError } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { continualMetrics } from './metrics';

describe('continualMetrics (ACC, BWT, FWT of Lopez-Paz & Ranzato 2017)', () => {
  it('matches a hand computation on a 3-task matrix', () => {
    const r = [
      [0.8, 0.1, 0.2],
      [0.6, 0.9, 0.3],
      [0.5, 0.7, 0.95],
    ];
    const b = [0.1, 0.15, 0.1];
    const m = continualMetrics(r, b);
    // ACC = (0.5 + 0.7 + 0.95) / 3
    expect(m.acc).toBeCloseTo(2.15 / 3, 12);
    // BWT = ((0.5 - 0.8) + (0.7 - 0.9)) / 2 = -0.25
    expect(m.bwt).toBeCloseTo(-0.25, 12);
    // FWT = ((R[0][1] - b1) + (R[1][2] - b2)) / 2 = ((0.1 - 0.15) + (0.3 - 0.1)) / 2 = 0.075
    expect(m.fwt).toBeCloseTo(0.075, 12);
    expect(continualMetrics([[0.9, 0.1], [0.6, 0.8]])).toEqual({ acc: 0.7, bwt: expect.closeTo(-0.3, 12) });
  });

  it('gives a positive BWT when later tasks improve earlier ones, and 0 for one task', () => {
    expect(continualMetrics([[0.5, 0], [0.7, 0.6]]).bwt).toBeCloseTo(0.2, 12);
    expect(continualMetrics([[0.42]])).toEqual({ acc: 0.42, bwt: 0 });
  });

  it('rejects ragged, empty or non-finite matrices', () => {
    const codes = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(MetatuneError);
        return (e as MetatuneError).code;
      }
      return 'none';
    };
    expect(codes(() => continualMetrics([]))).toBe('INVALID_ARGUMENT');
    expect(codes(() => continualMetrics([[0.1, 0.2], [0.3]]))).toBe('INVALID_ARGUMENT');
    expect(codes(() => continualMetrics([[Number.NaN]]))).toBe('NON_FINITE');
    expect(codes(() => continualMetrics([[0.5]], [0.1, 0.2]))).toBe('INVALID_ARGUMENT');
  });
});
