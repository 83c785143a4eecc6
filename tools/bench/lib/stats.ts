/** Summary statistics of timing samples. */

/** The q-quantile (0..1) of `values` by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile q must be in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median, p10, p90, mean, min and max of a sample, plus its size. */
export interface Summary {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** Summarises `values` (medians and percentiles, because timings are skewed by other load). */
export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    p10: quantile(values, 0.1),
    p90: quantile(values, 0.9),
    mean: values.reduce((s, v) => s + v, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

/** Rounds to `digits` significant digits, for readable JSON. */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** A {@link Summary} with every field rounded by {@link round}. */
export function roundSummary(s: Summary, digits = 4): Summary {
  return { median: round(s.median, digits), p10: round(s.p10, digits), p90: round(s.p90, digits), mean: round(s.mean, digits), min: round(s.min, digits), max: round(s.max, digits), n: s.n };
}
