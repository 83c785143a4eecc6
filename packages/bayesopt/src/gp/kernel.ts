/**
 * Matern-5/2 kernel with automatic relevance determination (one length scale per input):
 * k(x, x') = s (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r), r^2 = sum_j ((x_j - x'_j) / l_j)^2.
 */

const SQRT5 = Math.sqrt(5);

/** Matern-5/2 correlation at scaled distance r (no output scale). */
export function matern52(r: number): number {
  return (1 + SQRT5 * r + (5 / 3) * r * r) * Math.exp(-SQRT5 * r);
}

/**
 * -(1/r) d matern52 / dr = (5/3) (1 + sqrt(5) r) exp(-sqrt(5) r): the factor that turns
 * d r^2 into d k, finite at r = 0 (no division by r).
 */
export function matern52Slope(r: number): number {
  return (5 / 3) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

/** Scaled squared distance between row a of X and point y (both with `d` columns). */
export function scaledSqDist(X: Float64Array, a: number, y: ArrayLike<number>, yOffset: number, invLs: Float64Array, d: number): number {
  let s = 0;
  const ra = a * d;
  for (let j = 0; j < d; j++) {
    const t = (X[ra + j] - y[yOffset + j]) * invLs[j];
    s += t * t;
  }
  return s;
}

/** The n x n kernel matrix of the rows of X (n x d, row-major) with output scale `outputscale`. */
export function kernelMatrix(X: Float64Array, n: number, d: number, invLs: Float64Array, outputscale: number): Float64Array {
  const K = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    K[a * n + a] = outputscale;
    for (let b = 0; b < a; b++) {
      const k = outputscale * matern52(Math.sqrt(scaledSqDist(X, a, X, b * d, invLs, d)));
      K[a * n + b] = k;
      K[b * n + a] = k;
    }
  }
  return K;
}

/** Kernel values between one point `x` and every row of X. */
export function kernelVector(X: Float64Array, n: number, d: number, x: ArrayLike<number>, invLs: Float64Array, outputscale: number): Float64Array {
  const out = new Float64Array(n);
  for (let a = 0; a < n; a++) out[a] = outputscale * matern52(Math.sqrt(scaledSqDist(X, a, x, 0, invLs, d)));
  return out;
}
