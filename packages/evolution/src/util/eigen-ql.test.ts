import { describe, expect, it } from 'vitest';
import { Rng, makeKey } from '@metatune/core';
import { symmetricEigen } from './eigen';
import { symmetricEigenQL } from './eigen-ql';
import { expectEigenDecomposition } from '../testing/eigen';

const expectDecomposes = (a: Float64Array, n: number, tolerance: number) => expectEigenDecomposition(symmetricEigenQL(a, n), a, n, tolerance);

/** A random symmetric matrix Q diag(w) Q^T with the given eigenvalues. */
function withEigenvalues(w: number[], seed: number): Float64Array {
  const n = w.length;
  const rng = new Rng(makeKey(seed));
  // Gram-Schmidt on a Gaussian matrix gives a random orthogonal Q.
  const q = Float64Array.from({ length: n * n }, () => rng.normal());
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * n + k] * q[i * n + j];
      for (let i = 0; i < n; i++) q[i * n + k] -= dot * q[i * n + j];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * n + k] ** 2;
    for (let i = 0; i < n; i++) q[i * n + k] /= Math.sqrt(norm);
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += q[i * n + k] * w[k] * q[j * n + k];
    a[i * n + j] = s;
  }
  return a;
}

describe('symmetricEigenQL (Householder + implicit QL)', () => {
  it('finds known eigenvalues and reconstructs A = V diag(w) V^T with orthonormal V (n = 1, 2, 7, 40)', () => {
    for (const n of [1, 2, 7, 40]) {
      const w = Array.from({ length: n }, (_, k) => 0.5 + k * 0.75);
      const a = withEigenvalues(w, n);
      const { values } = symmetricEigenQL(a, n);
      values.forEach((v, k) => expect(v).toBeCloseTo(w[k], 11));
      expectDecomposes(a, n, 1e-13);
    }
  });

  it('agrees with cyclic Jacobi on a CMA-ES-like covariance with condition number 1e10', () => {
    const n = 20;
    const w = Array.from({ length: n }, (_, k) => 10 ** ((10 * k) / (n - 1)));
    const a = withEigenvalues(w, 9);
    const ql = symmetricEigenQL(a, n);
    const jacobi = symmetricEigen(a, n);
    // absolute accuracy: relative to the largest eigenvalue
    for (let k = 0; k < n; k++) expect(Math.abs(ql.values[k] - jacobi.values[k]) / w[n - 1]).toBeLessThan(1e-14);
    expectDecomposes(a, n, 1e-13);
  });

  it('handles repeated eigenvalues, a diagonal matrix and the zero matrix', () => {
    expectDecomposes(withEigenvalues([2, 2, 2, 5, 5], 4), 5, 1e-13);
    const diagonal = Float64Array.from([3, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(Array.from(symmetricEigenQL(diagonal, 3).values)).toEqual([1, 2, 3]);
    const zero = symmetricEigenQL(new Float64Array(16), 4);
    expect(Array.from(zero.values)).toEqual([0, 0, 0, 0]);
    expectDecomposes(new Float64Array(16), 4, 1e-13);
  });

  it('symmetrises a slightly asymmetric input and leaves it unchanged', () => {
    const a = withEigenvalues([1, 2, 3, 4], 2);
    a[1] += 1e-12;
    const copy = Float64Array.from(a);
    symmetricEigenQL(a, 4);
    expect(a).toEqual(copy);
  });

  it('throws a clear error on non-finite entries instead of returning NaN', () => {
    const a = withEigenvalues([1, 2, 3], 1);
    a[4] = Number.NaN;
    expect(() => symmetricEigenQL(a, 3)).toThrow(/non-finite entries/);
  });
});
