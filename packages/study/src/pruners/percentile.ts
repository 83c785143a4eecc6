import { MetatuneError, type Direction, type Pruner, type TrialHistory, type TrialRecord } from '@metatune/core';

/** Options of {@link PercentilePruner} and {@link MedianPruner}. */
export interface PercentilePrunerOptions {
  /** Percentile (0-100) of the other trials' values a trial must beat to go on (lower is more aggressive for minimisation). */
  readonly percentile?: number;
  /** Never prune before this many trials have completed (default 5). */
  readonly startupTrials?: number;
  /** Never prune a trial before this step (default 0). */
  readonly warmupSteps?: number;
  /** Check only every this many steps after the warm-up (default 1). */
  readonly intervalSteps?: number;
  /** Compare with at most this many of the most recent completed trials (default 1,000), which bounds the cost per check. */
  readonly window?: number;
}

/** The q-quantile (0..1) of sorted values, linear interpolation (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function latestStep(t: TrialRecord): number | undefined {
  let last: number | undefined;
  for (const k of Object.keys(t.intermediate)) {
    const s = Number(k);
    if (last === undefined || s > last) last = s;
  }
  return last;
}

/**
 * Prunes a trial whose best intermediate value so far is worse than the given percentile of the
 * completed trials' values at the same step (Optuna's PercentilePruner).
 */
export class PercentilePruner implements Pruner {
  readonly name: string = 'percentile';
  private readonly percentile: number;
  private readonly startupTrials: number;
  private readonly warmupSteps: number;
  private readonly intervalSteps: number;
  private readonly window: number;

  constructor(options: PercentilePrunerOptions = {}) {
    this.percentile = options.percentile ?? 25;
    this.startupTrials = options.startupTrials ?? 5;
    this.warmupSteps = options.warmupSteps ?? 0;
    this.intervalSteps = options.intervalSteps ?? 1;
    this.window = options.window ?? 1_000;
    if (!(this.percentile >= 0 && this.percentile <= 100)) throw new MetatuneError('INVALID_ARGUMENT', `percentile must be in [0, 100], got ${this.percentile}`);
    if (!Number.isInteger(this.intervalSteps) || this.intervalSteps < 1) throw new MetatuneError('INVALID_ARGUMENT', `intervalSteps must be a positive integer, got ${this.intervalSteps}`);
  }

  shouldPrune(trial: TrialRecord, history: TrialHistory, direction: Direction): boolean {
    const step = latestStep(trial);
    if (step === undefined || step < this.warmupSteps) return false;
    if ((step - this.warmupSteps) % this.intervalSteps !== 0) return false;
    const completed = history.completed(this.window);
    if (completed.length < this.startupTrials) return false;
    const others: number[] = [];
    for (const t of completed) {
      const v = t.intermediate[step];
      if (v !== undefined && Number.isFinite(v)) others.push(v);
    }
    if (others.length === 0) return false;
    others.sort((a, b) => a - b);
    const values = Object.entries(trial.intermediate).filter(([s]) => Number(s) <= step).map(([, v]) => v);
    const best = direction === 'minimize' ? Math.min(...values) : Math.max(...values);
    if (direction === 'minimize') return best > quantile(others, this.percentile / 100);
    return best < quantile(others, 1 - this.percentile / 100);
  }
}

/** Prunes a trial whose best value so far is worse than the median of the completed trials at the same step. */
export class MedianPruner extends PercentilePruner {
  override readonly name = 'median';

  constructor(options: Omit<PercentilePrunerOptions, 'percentile'> = {}) {
    super({ ...options, percentile: 50 });
  }
}
