import { describe, expect, it } from 'vitest';
import { Rng, makeKey } from '@metatune/core';
import { symmetricEigen } from './eigen';
import { expectEigenDecomposition } from '../testing/eigen';

function randomSpd(n: number, seed: number): Float64Array {
  const rng = new Rng(makeKey(seed));
  const g = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? 0.1 : 0;
    for (let k = 0; k < n; k++) s += g[i * n + k] * g[j * n + k];
    a[i * n + j] = s;
  }
  return a;
}

describe('symmetricEigen', () => {
  it('reconstructs A = V diag(w) V^T with orthonormal V (n = 12)', () => {
    const n = 12;
    const a = randomSpd(n, 3);
    expectEigenDecomposition(symmetricEigen(a, n), a, n, 1e-9);
  });

  it('gives the same decomposition when started from approximate eigenvectors', () => {
    const n = 8;
    const a = randomSpd(n, 5);
    const first = symmetricEigen(a, n);
    const b = Float64Array.from(a, (x, i) => x + (i % (n + 1) === 0 ? 0.01 : 0.001));
    const cold = symmetricEigen(b, n);
    const warm = symmetricEigen(b, n, first.vectors);
    for (let k = 0; k < n; k++) expect(warm.values[k]).toBeCloseTo(cold.values[k], 10);
  });

  it('matches the closed form of a 2 x 2 matrix', () => {
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
  });
});
