import { MetatuneError } from '@metatune/core';

/** Throws INVALID_ARGUMENT unless `value` is an integer >= `min`. */
export function checkInt(value: number, min: number, what: string, hint?: string): number {
  if (!Number.isInteger(value) || value < min) {
    throw new MetatuneError('INVALID_ARGUMENT', `${what} must be an integer >= ${min}, got ${value}`, { hint });
  }
  return value;
}

/** Throws INVALID_ARGUMENT unless `value` is a finite number > 0. */
export function checkPositive(value: number, what: string, hint?: string): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new MetatuneError('INVALID_ARGUMENT', `${what} must be a finite positive number, got ${value}`, { hint });
  }
  return value;
}

/** Throws INVALID_ARGUMENT unless `low <= value <= high`. */
export function checkRange(value: number, low: number, high: number, what: string): number {
  if (!(Number.isFinite(value) && value >= low && value <= high)) {
    throw new MetatuneError('INVALID_ARGUMENT', `${what} must be in [${low}, ${high}], got ${value}`);
  }
  return value;
}

/** Box bounds as two vectors; `undefined` means unbounded. */
export interface Bounds {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * Validates bounds given as `[low, high]` pairs (one per dimension) and returns them as vectors.
 * Every pair needs finite `low < high`.
 */
export function toBounds(bounds: readonly (readonly [number, number])[] | undefined, dimension: number, who: string): Bounds | undefined {
  if (bounds === undefined) return undefined;
  if (bounds.length !== dimension) {
    throw new MetatuneError('SHAPE_MISMATCH', `${who}: ${bounds.length} bounds for ${dimension} dimensions`, {
      hint: 'give one [low, high] pair per dimension',
    });
  }
  const lower = new Float64Array(dimension);
  const upper = new Float64Array(dimension);
  bounds.forEach(([lo, hi], i) => {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new MetatuneError('INVALID_ARGUMENT', `${who}: bounds of dimension ${i} must be finite with low < high, got [${lo}, ${hi}]`);
    }
    lower[i] = lo;
    upper[i] = hi;
  });
  return { lower, upper };
}

/** Checks a vector's length and finiteness. */
export function checkVector(x: ArrayLike<number>, dimension: number, what: string): Float64Array {
  if (x.length !== dimension) {
    throw new MetatuneError('SHAPE_MISMATCH', `${what} has length ${x.length}, expected ${dimension}`);
  }
  const out = Float64Array.from(x);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new MetatuneError('NON_FINITE', `${what}[${i}] must be finite, got ${out[i]}`);
  }
  return out;
}
