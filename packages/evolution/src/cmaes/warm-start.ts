import { MetatuneError } from '@metatune/core';
import { argsort } from '../util/fitness';
import { checkRange } from '../util/validate';

/** Initial mean, step size and covariance for a warm-started CMA-ES. */
export interface WarmStartDistribution {
  readonly mean: Float64Array;
  readonly sigma: number;
  /** Row-major d x d, normalised so that sigma^2 C is the estimated distribution. */
  readonly covariance: Float64Array;
}

/**
 * WS-CMA-ES (Nomura et al., AAAI 2021): fits the initial search distribution to the promising
 * region of a related task's solutions. The top `gamma` fraction of the source points becomes a
 * Gaussian mixture with components N(x_i, alpha^2 I); its moment-matched Gaussian
 * (mean m*, covariance Sigma* = alpha^2 I + mean (x_i - m*)(x_i - m*)^T) gives
 * sigma0 = det(Sigma*)^(1/2d) and C0 = Sigma* / sigma0^2.
 */
export function warmStartDistribution(
  xs: readonly ArrayLike<number>[],
  fs: ArrayLike<number>,
  options: { gamma?: number; alpha?: number } = {},
): WarmStartDistribution {
  const gamma = checkRange(options.gamma ?? 0.1, 1e-9, 1, 'warmStartDistribution: gamma');
  const alpha = options.alpha ?? 0.1;
  if (!(alpha > 0)) throw new MetatuneError('INVALID_ARGUMENT', `warmStartDistribution: alpha must be > 0, got ${alpha}`);
  const finite = xs.map((_, i) => i).filter((i) => Number.isFinite(Number(fs[i])));
  if (finite.length === 0 || xs.length !== fs.length) {
    throw new MetatuneError('INVALID_ARGUMENT', 'warmStartDistribution needs at least one source point with a finite value, and one value per point', {
      hint: 'pass the COMPLETE trials of the source study',
    });
  }
  const d = xs[finite[0]].length;
  const order = argsort(finite.map((i) => Number(fs[i]))).map((k) => finite[k]);
  const top = order.slice(0, Math.max(1, Math.floor(gamma * finite.length)));
  const mean = new Float64Array(d);
  for (const i of top) for (let k = 0; k < d; k++) mean[k] += xs[i][k] / top.length;
  const cov = new Float64Array(d * d);
  for (let k = 0; k < d; k++) cov[k * d + k] = alpha * alpha;
  for (const i of top) {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] += ((xs[i][a] - mean[a]) * (xs[i][b] - mean[b])) / top.length;
  }
  // det^(1/2d) through a Cholesky factor: log det = 2 sum log L_kk.
  const L = cholesky(cov, d);
  let logDet = 0;
  for (let k = 0; k < d; k++) logDet += 2 * Math.log(L[k * d + k]);
  const sigma = Math.exp(logDet / (2 * d));
  return { mean, sigma, covariance: cov.map((v) => v / (sigma * sigma)) };
}

function cholesky(a: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / L[j * n + j];
    }
  }
  return L;
}
