import { describe, expect, it } from 'vitest';
import { Rng, makeKey } from '@metatune/core';
import { mirroredOrthogonalSteps } from './mirrored-orthogonal';

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('mirroredOrthogonalSteps', () => {
  it('mirrors the first half and makes it mutually orthogonal within blocks of n', () => {
    const n = 4;
    const lambda = 11; // 6 drawn (blocks of 4 and 2), 5 mirrored
    const steps = mirroredOrthogonalSteps(new Rng(makeKey(1)), n, lambda);
    expect(steps).toHaveLength(lambda);
    for (let k = 6; k < lambda; k++) expect(Array.from(steps[k])).toEqual(Array.from(steps[k - 6]).map((v) => -v));
    for (const [a, b] of [[0, 1], [0, 3], [1, 2], [2, 3], [4, 5]]) expect(Math.abs(dot(steps[a], steps[b]))).toBeLessThan(1e-9 * Math.sqrt(dot(steps[a], steps[a]) * dot(steps[b], steps[b])));
    // Across blocks there is no constraint: vectors 0 and 4 are not orthogonal.
    expect(Math.abs(dot(steps[0], steps[4]))).toBeGreaterThan(1e-6);
  });

  it('keeps every step marginally N(0, I): coordinate means 0, variances 1, no correlation', () => {
    const n = 5;
    const rng = new Rng(makeKey(7));
    const draws = 4000;
    const sum = new Float64Array(n);
    const sumSq = new Float64Array(n);
    let cross = 0;
    let count = 0;
    for (let d = 0; d < draws; d++) {
      // Look at one position of the generation at a time, the second (orthogonalised) one.
      const v = mirroredOrthogonalSteps(rng, n, 8)[1];
      for (let i = 0; i < n; i++) {
        sum[i] += v[i];
        sumSq[i] += v[i] * v[i];
      }
      cross += v[0] * v[1];
      count++;
    }
    for (let i = 0; i < n; i++) {
      expect(Math.abs(sum[i] / count)).toBeLessThan(0.06); // 4 standard errors
      expect(Math.abs(sumSq[i] / count - 1)).toBeLessThan(0.1);
    }
    expect(Math.abs(cross / count)).toBeLessThan(0.08);
  });

  it('keeps the chi-distributed length of the Gaussian vector each step came from', () => {
    const n = 10;
    const rng = new Rng(makeKey(3));
    let meanSq = 0;
    const gens = 500;
    for (let g = 0; g < gens; g++) for (const v of mirroredOrthogonalSteps(rng, n, 10)) meanSq += dot(v, v) / (10 * gens);
    expect(meanSq).toBeGreaterThan(n * 0.95);
    expect(meanSq).toBeLessThan(n * 1.05);
  });
});
