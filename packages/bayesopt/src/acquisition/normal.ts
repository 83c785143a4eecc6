/** Standard normal density, distribution and the log of the EI kernel h(z) = phi(z) + z Phi(z), accurate in the far tails. */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal density. */
export function normPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/**
 * Mills ratio R(x) = Phi(-x) / phi(x) for x >= 0: a positive-term series of erf below 3
 * (no cancellation), and the Laplace continued fraction above (converges fast there).
 */
export function millsRatio(x: number): number {
  if (x < 3) {
    // erf(u) = 2/sqrt(pi) exp(-u^2) sum_n 2^n u^(2n+1) / (1 * 3 * ... * (2n+1)), u = x / sqrt(2).
    const u = x / Math.SQRT2;
    let term = u;
    let sum = u;
    for (let n = 1; n < 200; n++) {
      term *= (2 * u * u) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    const erf = (2 / Math.sqrt(Math.PI)) * Math.exp(-u * u) * sum;
    return (0.5 * (1 - erf)) / normPdf(x);
  }
  // R(x) = 1 / (x + 1 / (x + 2 / (x + 3 / (x + ...)))), evaluated backwards.
  let t = x;
  for (let k = 120; k >= 1; k--) t = x + k / t;
  return 1 / t;
}

/** Standard normal cumulative distribution, with full relative accuracy in the lower tail. */
export function normCdf(z: number): number {
  if (z < 0) return normPdf(-z) * millsRatio(-z);
  return 1 - normPdf(z) * millsRatio(z);
}

/** log Phi(z), stable for very negative z. */
export function logNormCdf(z: number): number {
  if (z < -5) return -0.5 * z * z - LOG_SQRT_2PI + Math.log(millsRatio(-z));
  return Math.log(normCdf(z));
}

/**
 * log h(z) with h(z) = phi(z) + z Phi(z) (so EI = sigma h((best - mu) / sigma)), computed as in
 * Ament et al. (2023, "Unexpected improvements to expected improvement"): directly for z > -1,
 * as log phi(z) + log(1 - x R(x)) (x = -z) through the Mills ratio below, and by the asymptotic
 * series phi(z) / z^2 (1 - 3/z^2 + 15/z^4 - ...) for z < -1e4 where the subtraction would cancel.
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(normPdf(z) + z * normCdf(z));
  const x = -z;
  const logPhi = -0.5 * x * x - LOG_SQRT_2PI;
  if (x < 1e4) return logPhi + Math.log1p(-x * millsRatio(x));
  const x2 = 1 / (x * x);
  return logPhi - 2 * Math.log(x) + Math.log1p(x2 * (-3 + x2 * (15 - 105 * x2)));
}
