import { MetatuneError } from '@metatune/core';

/**
 * Settings of the trust region of {@link GpSampler} (after TuRBO, Eriksson et al. 2019, "Scalable
 * global optimization via local Bayesian optimization"). Lengths are in unit-cube units, for the
 * geometric mean of the box's sides.
 */
export interface TrustRegionOptions {
  /** Side length after the initial design and after each restart (default 0.8). */
  readonly initialLength?: number;
  /** Below this side length the region restarts at `initialLength` (default 2^-7). */
  readonly minLength?: number;
  /** Largest side length (default 1.6). */
  readonly maxLength?: number;
  /** Consecutive improving trials that double the side (default 3). */
  readonly successTolerance?: number;
  /** Consecutive non-improving trials that halve the side (default max(4, number of parameters)). */
  readonly failureTolerance?: number;
}

/** The trust region's state after replaying a study's trials. */
export interface TrustRegionState {
  /** Current side length (geometric mean over the parameters). */
  readonly length: number;
  /** How many times the region shrank below `minLength` and restarted. */
  readonly restarts: number;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new MetatuneError('INVALID_OPTIONS', `trustRegion.${name} must be a positive number, got ${value}`);
  return value;
}

function count(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new MetatuneError('INVALID_OPTIONS', `trustRegion.${name} must be a positive integer, got ${value}`);
  return value;
}

/** The options with their defaults for `parameters` parameters; a typed error for a bad value. */
export function resolveTrustRegion(options: TrustRegionOptions, parameters: number): Required<TrustRegionOptions> {
  const resolved = {
    initialLength: positive('initialLength', options.initialLength, 0.8),
    minLength: positive('minLength', options.minLength, 2 ** -7),
    maxLength: positive('maxLength', options.maxLength, 1.6),
    successTolerance: count('successTolerance', options.successTolerance, 3),
    failureTolerance: count('failureTolerance', options.failureTolerance, Math.max(4, parameters)),
  };
  if (!(resolved.minLength < resolved.initialLength && resolved.initialLength <= resolved.maxLength)) {
    throw new MetatuneError(
      'INVALID_OPTIONS',
      `trustRegion needs minLength < initialLength <= maxLength, got ${resolved.minLength}, ${resolved.initialLength}, ${resolved.maxLength}`,
    );
  }
  return resolved;
}

/**
 * Replays the study's values (in trial order, minimised) through TuRBO's rule: the region starts
 * at `initialLength` after the first `start` trials (the initial design); a trial that improves on
 * the best so far by more than 1e-3 of its magnitude is a success, any other a failure;
 * `successTolerance` successes in a row double the side, `failureTolerance` failures in a row halve
 * it, and below `minLength` it restarts. Computed from the history rather than kept in the sampler,
 * so a study resumed by another process or worker gets the same region.
 */
export function replayTrustRegion(values: readonly number[], start: number, options: Required<TrustRegionOptions>): TrustRegionState {
  let length = options.initialLength;
  let restarts = 0;
  let best = Number.POSITIVE_INFINITY;
  let successes = 0;
  let failures = 0;
  values.forEach((v, i) => {
    if (i >= start) {
      if (v < best - 1e-3 * Math.abs(best)) {
        successes++;
        failures = 0;
      } else {
        failures++;
        successes = 0;
      }
      if (successes === options.successTolerance) {
        length = Math.min(2 * length, options.maxLength);
        successes = 0;
      } else if (failures === options.failureTolerance) {
        length /= 2;
        failures = 0;
      }
      if (length < options.minLength) {
        length = options.initialLength;
        restarts++;
      }
    }
    best = Math.min(best, v);
  });
  return { length, restarts };
}

/**
 * The region's box in the unit cube: centred on `center`, side `length * w_j` per coordinate, where
 * w_j is coordinate j's length scale over the geometric mean of the length scales (TuRBO's
 * weighting: a long side where the objective varies slowly), clipped to the cube. Coordinates
 * without a length scale (`NaN`; categorical parameters) keep the whole [0, 1].
 */
export function trustRegionBox(center: Float64Array, lengthscales: readonly number[], length: number): { low: Float64Array; high: Float64Array } {
  const P = center.length;
  const known = lengthscales.filter((l) => Number.isFinite(l) && l > 0);
  const geoMean = known.length > 0 ? Math.exp(known.reduce((s, l) => s + Math.log(l), 0) / known.length) : 1;
  const low = new Float64Array(P);
  const high = new Float64Array(P).fill(1);
  for (let j = 0; j < P; j++) {
    const l = lengthscales[j];
    if (!(Number.isFinite(l) && l > 0)) continue;
    const half = (length * (l / geoMean)) / 2;
    low[j] = Math.max(0, center[j] - half);
    high[j] = Math.min(1, center[j] + half);
  }
  return { low, high };
}

