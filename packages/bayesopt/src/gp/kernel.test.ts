import { describe, expect, it } from 'vitest';
import { kernelMatrix, kernelVector, matern52 } from './kernel';

/** General Matern form with nu = 5/2: 2^(1-nu)/Gamma(nu) z^nu K_nu(z), z = sqrt(5) r, K_5/2 in closed form. */
function maternBessel(r: number): number {
  const z = Math.sqrt(5) * r;
  const k52 = Math.sqrt(Math.PI / (2 * z)) * Math.exp(-z) * (1 + 3 / z + 3 / (z * z));
  const gamma52 = 0.75 * Math.sqrt(Math.PI);
  return (2 ** (1 - 2.5) / gamma52) * z ** 2.5 * k52;
}

describe('Matern-5/2 kernel', () => {
  it('matches the Bessel-function form of the Matern family', () => {
    for (const r of [0.01, 0.1, 0.5, 1, 2, 5]) expect(matern52(r)).toBeCloseTo(maternBessel(r), 12);
    expect(matern52(0)).toBe(1);
  });

  it('builds a symmetric ARD kernel matrix scaled by the output scale', () => {
    const X = Float64Array.from([0, 0, 1, 0, 0, 2]);
    const invLs = Float64Array.from([1, 0.5]);
    const K = kernelMatrix(X, 3, 2, invLs, 2);
    expect(K[0]).toBe(2);
    // Points 0 and 1 differ by 1 in x0 (length scale 1); points 0 and 2 by 2 in x1 (length scale 2): same scaled distance.
    expect(K[1]).toBeCloseTo(2 * matern52(1), 14);
    expect(K[2]).toBeCloseTo(2 * matern52(1), 14);
    expect(K[1 * 3 + 2]).toBeCloseTo(2 * matern52(Math.sqrt(2)), 14);
    expect(K[2 * 3 + 1]).toBe(K[1 * 3 + 2]);
    const kv = kernelVector(X, 3, 2, [0, 0], invLs, 2);
    expect(Array.from(kv)).toEqual([K[0], K[1], K[2]]);
  });
});
