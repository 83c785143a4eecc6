import { MetatuneError } from '@metatune/core';

/** Fitness values with every NaN replaced by a value worse than all finite ones, and how many there were. */
export interface SanitizedFitness {
  readonly values: Float64Array;
  readonly nanCount: number;
}

/**
 * Replaces NaN (and +Infinity stays as is) by a value ranked worst, so that a failed evaluation
 * never reaches a mean or a covariance update. -Infinity is a legitimate "best" only if the
 * caller means it; it is kept. Minimisation is assumed.
 */
export function sanitizeFitness(fs: ArrayLike<number>, expected: number, who: string): SanitizedFitness {
  if (fs.length !== expected) {
    throw new MetatuneError('SHAPE_MISMATCH', `${who}: tell got ${fs.length} fitness values for ${expected} points`, {
      hint: 'pass one fitness value per point, in the order of the points',
    });
  }
  const values = new Float64Array(fs.length);
  let worst = -Infinity;
  let nanCount = 0;
  for (let i = 0; i < fs.length; i++) {
    const v = Number(fs[i]);
    values[i] = v;
    if (Number.isNaN(v)) nanCount++;
    else if (v > worst) worst = v;
  }
  if (nanCount > 0) {
    // Worse than the worst finite value; ties between NaNs are broken by index (stable sort).
    const replacement = Number.isFinite(worst) ? worst + Math.max(1, Math.abs(worst)) : Number.MAX_VALUE;
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) values[i] = replacement;
  }
  return { values, nanCount };
}

/** Indices that sort `values` ascending (stable). */
export function argsort(values: ArrayLike<number>): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[a] - values[b] || a - b);
  return idx;
}
