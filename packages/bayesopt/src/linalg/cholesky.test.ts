import { MetatuneError } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { cholSolve, cholesky, inverseFromCholesky, logDetFromCholesky } from './cholesky';

const A = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);

describe('cholesky', () => {
  it('factors the textbook matrix exactly', () => {
    const { L, jitter } = cholesky(A, 3);
    expect(jitter).toBe(0);
    expect(Array.from(L)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
    expect(logDetFromCholesky(L, 3)).toBeCloseTo(Math.log(36), 12);
  });

  it('solves and inverts', () => {
    const { L } = cholesky(A, 3);
    const x = cholSolve(L, 3, [1, 2, 3]);
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) s += A[i * 3 + j] * x[j];
      expect(s).toBeCloseTo(i + 1, 9);
    }
    const inv = inverseFromCholesky(L, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += A[i * 3 + k] * inv[k * 3 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 9);
      }
    }
  });

  it('escalates jitter on a singular positive semi-definite matrix', () => {
    const ones = new Float64Array(16).fill(1);
    const { jitter } = cholesky(ones, 4);
    expect(jitter).toBeGreaterThan(0);
    expect(jitter).toBeLessThanOrEqual(1e-2);
  });

  it('throws a NUMERICAL error when jitter cannot help', () => {
    const neg = Float64Array.from([-1, 0, 0, -1]);
    expect(() => cholesky(neg, 2)).toThrow(MetatuneError);
    try {
      cholesky(Float64Array.from([1, NaN, NaN, 1]), 2);
      expect.unreachable();
    } catch (e) {
      expect((e as MetatuneError).code).toBe('NUMERICAL');
      expect((e as MetatuneError).hint).toMatch(/NaN/);
    }
  });
});
