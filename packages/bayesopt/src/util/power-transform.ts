/**
 * Output warping for the GP (as in HEBO, Cowen-Rivers et al. 2022): the Yeo-Johnson power
 * transform, with its exponent fitted by maximum likelihood, applied to standardized values and
 * standardized again. Objectives with a heavy upper tail (Branin's 300 against a basin of 0.4,
 * Rosenbrock's 1e5 against 0) otherwise leave the basin as a flat line at the bottom of the
 * standardized scale, where the GP cannot tell its points apart. The transform is strictly
 * increasing, so the best point and the ranking stay the same.
 */
import { standardization } from './observations';

/** Yeo-Johnson transform of one value with exponent `lambda`. */
export function yeoJohnson(y: number, lambda: number): number {
  if (y >= 0) return Math.abs(lambda) < 1e-8 ? Math.log1p(y) : ((y + 1) ** lambda - 1) / lambda;
  return Math.abs(lambda - 2) < 1e-8 ? -Math.log1p(-y) : -((1 - y) ** (2 - lambda) - 1) / (2 - lambda);
}

/**
 * Profile log-likelihood of `lambda` for standardized values `z` (Yeo & Johnson 2000), up to a
 * constant; `signedLogSum` is the lambda-free sum of sign(z) log(1 + |z|) of the Jacobian term.
 */
function logLikelihood(z: Float64Array, lambda: number, signedLogSum: number): number {
  const n = z.length;
  const t = z.map((v) => yeoJohnson(v, lambda));
  let mean = 0;
  for (const v of t) mean += v / n;
  let variance = 0;
  for (const v of t) variance += (v - mean) ** 2 / n;
  if (!(variance > 0) || !Number.isFinite(variance)) return Number.NEGATIVE_INFINITY;
  return -0.5 * n * Math.log(variance) + (lambda - 1) * signedLogSum;
}

/**
 * Warps `values` (all finite) and returns them standardized, with the fitted exponent. The exponent
 * is the best of a grid on [-2, 4] (step 0.05): plenty for a transform whose job is to tame tails.
 * Fewer than 3 distinct values are only standardized.
 */
export function powerTransform(values: ArrayLike<number>): { y: Float64Array; lambda: number } {
  const n = values.length;
  const z = standardize(Float64Array.from(values));
  if (n < 3 || new Set(Array.from(values)).size < 3) return { y: z, lambda: 1 };
  let signedLogSum = 0;
  for (const v of z) signedLogSum += Math.sign(v) * Math.log1p(Math.abs(v));
  let bestLambda = 1;
  let bestLl = logLikelihood(z, 1, signedLogSum);
  for (let lambda = -2; lambda <= 4 + 1e-9; lambda += 0.05) {
    const ll = logLikelihood(z, lambda, signedLogSum);
    if (ll > bestLl) {
      bestLl = ll;
      bestLambda = lambda;
    }
  }
  return { y: standardize(z.map((v) => yeoJohnson(v, bestLambda))), lambda: bestLambda };
}

/** Zero mean, unit sample variance (the sampler's own standardization, constant values left at 0). */
function standardize(v: Float64Array): Float64Array {
  const { mean, std } = standardization(Array.from(v));
  return v.map((x) => (x - mean) / std);
}
