import { MetatuneError } from '@metatune/core';
import type { Eigen } from './eigen';

/**
 * Symmetric eigendecomposition by Householder reduction to tridiagonal form followed by the
 * implicit QL method with Wilkinson-type shifts (the EISPACK tred2 / tql2 pair), in Float64.
 * About (4/3 + 3) n^3 multiply-adds with eigenvectors, against 6 n^3 per sweep for cyclic Jacobi,
 * which needs several sweeps; CMA-ES in 20 or more dimensions decomposes its covariance every
 * generation, where this is the larger part of the optimizer's own time.
 *
 * Accuracy is absolute (about 1e-16 of the largest eigenvalue), not relative like Jacobi's: fine for
 * a covariance whose condition number stays below 1e14, which CMA-ES's own stopping rules enforce.
 *
 * @param a - symmetric row-major n x n matrix (only read; the mean of a_ij and a_ji is used)
 * @param n - its order
 * @returns eigenvalues ascending, eigenvectors as the columns of a row-major n x n matrix
 */
export function symmetricEigenQL(a: Float64Array, n: number): Eigen {
  // The reduction works in place on a symmetrised copy, which absorbs the caller's rounding asymmetry.
  const v = new Float64Array(n * n);
  // x - x is NaN exactly when x is NaN or infinite, so the sum is a finiteness check inside the copy
  // loop (TypedArray.every with a callback showed up in the CMA-ES profile in 20-D).
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = 0.5 * (a[i * n + j] + a[j * n + i]);
      v[i * n + j] = x;
      nonFinite += x - x;
    }
  }
  // A NaN would make every convergence test false and come back as a silent NaN decomposition.
  if (nonFinite !== 0) {
    throw new MetatuneError('NON_FINITE', 'symmetricEigenQL: the matrix has non-finite entries', { hint: 'check the updates that produced it for NaN or Infinity' });
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  householderTridiagonal(v, d, e, n);
  // QL rotates pairs of eigenvectors: with the vectors as rows, each rotation runs over contiguous memory.
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) w[k * n + i] = v[i * n + k];
  tridiagonalQL(w, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[i] - d[j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k];
    values[k] = d[src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = w[src * n + i];
  }
  return { values, vectors };
}

/** sqrt(x^2 + y^2) without overflow; Math.hypot is several times slower in V8. */
function hypot(x: number, y: number): number {
  let p = Math.abs(x);
  let q = Math.abs(y);
  if (p < q) [p, q] = [q, p];
  if (p === 0) return 0;
  const r = q / p;
  return p * Math.sqrt(1 + r * r);
}

/**
 * Reduces the symmetric matrix in `v` to tridiagonal form T = Q^T A Q by Householder reflections.
 * On return `v` holds Q, `d` the diagonal of T and `e` its subdiagonal in e[1..n-1] (e[0] = 0).
 */
function householderTridiagonal(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    // Scale the row to avoid under- and overflow in the reflection's norm.
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
    } else {
      // The Householder vector that zeroes row i left of its subdiagonal.
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      // Apply the similarity transformation to the leading i x i block.
      for (let j = 0; j < i; j++) {
        f = d[j];
        v[j * n + i] = f;
        g = e[j] + v[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += v[k * n + j] * d[k];
          e[k] += v[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the reflections into Q.
  for (let i = 0; i < n - 1; i++) {
    v[(n - 1) * n + i] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
        for (let k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[(n - 1) * n + j];
    v[(n - 1) * n + j] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/**
 * Diagonalises the tridiagonal matrix (d, e) by implicit QL iterations, applying every rotation to
 * the rows of `w` (the eigenvector estimates, one per row). On return `d` holds the eigenvalues
 * (unsorted) and row k of `w` the eigenvector of d[k].
 */
function tridiagonalQL(w: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    // Find the first negligible subdiagonal entry at or below l: it splits the matrix.
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      for (let iter = 0; ; iter++) {
        if (iter > 60) throw new MetatuneError('NUMERICAL', 'symmetricEigenQL: no convergence after 60 QL iterations');
        // Implicit shift from the leading 2 x 2 block.
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        // One QL sweep of plane rotations from the bottom of the block up to l.
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const lo = i * n;
          const hi = lo + n;
          for (let k = 0; k < n; k++) {
            const a = w[lo + k];
            const b = w[hi + k];
            w[hi + k] = s * a + c * b;
            w[lo + k] = c * a - s * b;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l]) > eps * tst1)) break;
      }
    }
    d[l] += f;
    e[l] = 0;
  }
}
