import { MetatuneError } from '@metatune/core';

/** A lower-triangular Cholesky factor of an n x n matrix, row-major, with the jitter it needed. */
export interface CholeskyFactor {
  /** n x n, row-major; entries above the diagonal are zero. */
  readonly L: Float64Array;
  readonly n: number;
  /** Diagonal jitter added to make the factorisation succeed (0 when none was needed). */
  readonly jitter: number;
}

/**
 * Plain Cholesky factorisation A = L L^T of a symmetric n x n row-major matrix.
 * Returns undefined (instead of throwing) when a pivot is not positive, so the caller can retry
 * with jitter.
 */
export function choleskyRaw(A: Float64Array, n: number, jitter = 0): Float64Array | undefined {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= L[ri + k] * L[rj + k];
      if (i === j) {
        s += jitter;
        if (!(s > 0) || !Number.isFinite(s)) return undefined;
        L[ri + i] = Math.sqrt(s);
      } else {
        L[ri + j] = s / L[rj + j];
      }
    }
  }
  return L;
}

/**
 * Cholesky factorisation with jitter escalation: tries no jitter, then 1e-9, 1e-8, ... times the
 * mean diagonal, up to `maxJitter` relative. Throws a `NUMERICAL` MetatuneError when even the
 * largest jitter fails (the matrix is not positive semi-definite or holds NaN).
 */
export function cholesky(A: Float64Array, n: number, options: { maxRelativeJitter?: number } = {}): CholeskyFactor {
  const maxRel = options.maxRelativeJitter ?? 1e-2;
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += A[i * n + i];
  meanDiag = n > 0 ? Math.abs(meanDiag / n) || 1 : 1;
  const first = choleskyRaw(A, n, 0);
  if (first) return { L: first, n, jitter: 0 };
  for (let rel = 1e-9; rel <= maxRel * 1.0001; rel *= 10) {
    const jitter = rel * meanDiag;
    const L = choleskyRaw(A, n, jitter);
    if (L) return { L, n, jitter };
  }
  throw new MetatuneError('NUMERICAL', `Cholesky factorisation of a ${n}x${n} kernel matrix failed even with jitter ${maxRel} x its mean diagonal`, {
    hint: 'the kernel matrix is not positive definite: check for NaN inputs, or raise the noise lower bound of the GP',
  });
}

/** Solves L x = b in place (forward substitution); `b` may hold `m` right-hand sides as columns of an n x m row-major matrix. */
export function solveLower(L: Float64Array, n: number, b: Float64Array, m = 1): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const lii = L[ri + i];
    for (let c = 0; c < m; c++) {
      let s = b[i * m + c];
      for (let k = 0; k < i; k++) s -= L[ri + k] * b[k * m + c];
      b[i * m + c] = s / lii;
    }
  }
  return b;
}

/** Solves L^T x = b in place (back substitution) for one right-hand side. */
export function solveUpperT(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * b[k];
    b[i] = s / L[i * n + i];
  }
  return b;
}

/** Solves (L L^T) x = b for one right-hand side; returns a new array. */
export function cholSolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  solveLower(L, n, x);
  return solveUpperT(L, n, x);
}

/** log det(L L^T) = 2 sum log L_ii. */
export function logDetFromCholesky(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]);
  return 2 * s;
}

/** (L L^T)^{-1} as a dense symmetric n x n row-major matrix, by inverting L (O(n^3 / 3)). */
export function inverseFromCholesky(L: Float64Array, n: number): Float64Array {
  // M = L^{-1}, lower triangular, row by row so that every inner loop runs over contiguous memory:
  // M[i, j] = (delta_ij - sum_{j <= k < i} L[i, k] M[k, j]) / L[i, i].
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const lik = L[ri + k];
      if (lik === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) M[ri + j] -= lik * M[rk + j];
    }
    const inv = 1 / L[ri + i];
    for (let j = 0; j < i; j++) M[ri + j] *= inv;
    M[ri + i] = inv;
  }
  // K^{-1} = M^T M: (i, j) = sum_{k >= max(i, j)} M[k, i] M[k, j].
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const mki = M[rk + i];
      if (mki === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) out[ri + j] += mki * M[rk + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  return out;
}
