import { MetatuneError, type Direction, type Pruner, type TrialHistory, type TrialRecord } from '@metatune/core';

/** Options of {@link SuccessiveHalvingPruner}. */
export interface SuccessiveHalvingOptions {
  /** Steps a trial runs before its first rung (default 1). */
  readonly minResource?: number;
  /** Keep the top 1/reductionFactor at each rung (default 3). */
  readonly reductionFactor?: number;
  /** The first rung is at minResource * reductionFactor^minEarlyStoppingRate (default 0). */
  readonly minEarlyStoppingRate?: number;
  /** Do not prune at a rung until this many trials have reached it (default 0). */
  readonly bootstrapCount?: number;
}

function valueAtOrBefore(t: TrialRecord, resource: number): number | undefined {
  let bestStep = -1;
  let value: number | undefined;
  for (const [k, v] of Object.entries(t.intermediate)) {
    const s = Number(k);
    if (s <= resource && s > bestStep) {
      bestStep = s;
      value = v;
    }
  }
  return value;
}

function latestStep(t: TrialRecord): number {
  let last = -1;
  for (const k of Object.keys(t.intermediate)) last = Math.max(last, Number(k));
  return last;
}

function secondLatestStep(t: TrialRecord): number {
  const steps = Object.keys(t.intermediate).map(Number).sort((a, b) => b - a);
  return steps.length > 1 ? steps[1] : -1;
}

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020): rungs at
 * `minResource * reductionFactor^(minEarlyStoppingRate + k)` steps. When a trial reaches a rung it
 * goes on only if its value there is in the top `1 / reductionFactor` of all trials that reached
 * the rung so far; no trial waits for others (asynchronous promotion).
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly name: string = 'successive-halving';
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;

  constructor(
    options: SuccessiveHalvingOptions = {},
    /** Which trials compete with a trial (Hyperband restricts this to the trial's bracket). */
    private readonly competes: (a: TrialRecord, b: TrialRecord) => boolean = () => true,
  ) {
    this.minResource = options.minResource ?? 1;
    this.reductionFactor = options.reductionFactor ?? 3;
    this.minEarlyStoppingRate = options.minEarlyStoppingRate ?? 0;
    this.bootstrapCount = options.bootstrapCount ?? 0;
    if (!(this.minResource > 0)) throw new MetatuneError('INVALID_ARGUMENT', `minResource must be positive, got ${this.minResource}`);
    if (!(this.reductionFactor >= 2)) throw new MetatuneError('INVALID_ARGUMENT', `reductionFactor must be at least 2, got ${this.reductionFactor}`);
  }

  /** Resource (step) of rung `k`. */
  rung(k: number): number {
    return this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + k);
  }

  shouldPrune(trial: TrialRecord, history: TrialHistory, direction: Direction): boolean {
    const step = latestStep(trial);
    if (step < 0) return false;
    const previous = secondLatestStep(trial);
    // the highest rung crossed by this report (between the previous report and this one)
    let k = -1;
    for (let r = 0; this.rung(r) <= step; r++) if (this.rung(r) > previous) k = r;
    if (k < 0) return false;
    const resource = this.rung(k);
    const mine = valueAtOrBefore(trial, resource);
    if (mine === undefined) return false;
    const rivals: number[] = [mine];
    for (const t of history.since(0)) {
      if (t.id === trial.id || !this.competes(trial, t) || latestStep(t) < resource) continue;
      const v = valueAtOrBefore(t, resource);
      if (v !== undefined && Number.isFinite(v)) rivals.push(v);
    }
    if (rivals.length < Math.max(this.bootstrapCount, 1)) return false;
    rivals.sort((a, b) => (direction === 'minimize' ? a - b : b - a));
    const keep = Math.max(1, Math.floor(rivals.length / this.reductionFactor));
    const cutoff = rivals[keep - 1];
    return direction === 'minimize' ? mine > cutoff : mine < cutoff;
  }
}
