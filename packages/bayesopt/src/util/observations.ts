import { type Direction, MetatuneError, type ParamValues, type TrialRecord } from '@metatune/core';

/** Completed trials as (params, value to minimise) pairs. */
export interface Observations {
  readonly params: ParamValues[];
  /** Objective values, negated for maximised objectives, so lower is always better. */
  readonly values: number[];
  /** Number of COMPLETE trials left out because their value was NaN or infinite. */
  readonly excluded: number;
}

/** Checks that a sampler got a single-objective study and returns its direction. */
export function singleDirection(directions: readonly Direction[], sampler: string): Direction {
  if (directions.length !== 1) {
    throw new MetatuneError('INVALID_ARGUMENT', `${sampler} optimises one objective, but the study has ${directions.length}`, {
      hint: 'use a multi-objective sampler (e.g. sampler:nsga2) for several objectives',
    });
  }
  return directions[0];
}

/**
 * Extracts the finite observations of COMPLETE trials, sign-flipped to minimisation. Trials with
 * NaN or infinite values are excluded and counted, so the caller can warn once.
 */
export function observations(trials: readonly TrialRecord[], direction: Direction): Observations {
  const params: ParamValues[] = [];
  const values: number[] = [];
  let excluded = 0;
  for (const t of trials) {
    if (t.state !== 'COMPLETE' || !t.values || t.values.length === 0) continue;
    const v = t.values[0];
    if (!Number.isFinite(v)) {
      excluded++;
      continue;
    }
    params.push(t.params);
    values.push(direction === 'maximize' ? -v : v);
  }
  return { params, values, excluded };
}

/** Mean and standard deviation for standardizing outputs (std 1 when all values are equal). */
export function standardization(values: readonly number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, std: 1 };
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const std = Math.sqrt(ss / Math.max(1, n - 1));
  return { mean, std: std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1 };
}

/** Warns once per `owner` object about non-finite values left out of the model. */
export function warnExcluded(owner: { warned?: boolean }, excluded: number, sampler: string): void {
  if (excluded > 0 && !owner.warned) {
    owner.warned = true;
    console.warn(`[metatune] ${sampler}: ${excluded} trial(s) with NaN or infinite values were left out of the model`);
  }
}
