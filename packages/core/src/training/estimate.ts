import { MetatuneError } from '../errors';
import type { Estimate } from '../contracts/meta-learner';

/** z value of the two-sided normal 95% interval. */
const Z95 = 1.959963984540054;

/**
 * The mean of `values` with the half width of its normal 95% confidence interval,
 * `1.96 * sd / sqrt(n)` with the sample standard deviation (n - 1 in the denominator), as the
 * MAML literature reports few-shot results. Sums run in float64.
 * Throws `INVALID_ARGUMENT` for an empty list and `NON_FINITE` for a NaN or infinite value.
 *
 * @example
 * estimate([0.5, 0.7, 0.6]); // { mean: 0.6, ci95: 0.113..., n: 3 }
 */
export function estimate(values: ArrayLike<number>): Estimate {
  const n = values.length;
  if (n === 0) {
    throw new MetatuneError('INVALID_ARGUMENT', 'estimate needs at least one value', { hint: 'evaluate on one task or more' });
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new MetatuneError('NON_FINITE', `estimate: value ${i} is ${v}`, { hint: 'a task loss diverged; lower the adaptation learning rate' });
    }
    sum += v;
  }
  const mean = sum / n;
  if (n === 1) return { mean, ci95: 0, n };
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  return { mean, ci95: (Z95 * sd) / Math.sqrt(n), n };
}
