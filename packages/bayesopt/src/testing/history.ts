import { type Direction, type ParamValues, type Sampler, type SearchSpace, type TrialHistory, type TrialRecord, foldIn, makeKey } from '@metatune/core';

/** An in-memory {@link TrialHistory} for driving samplers in tests and benchmarks (test-only). */
export class MemoryHistory implements TrialHistory {
  readonly trials: TrialRecord[] = [];
  constructor(private readonly direction: Direction = 'minimize') {}

  get finishedCount(): number {
    return this.trials.filter((t) => t.state !== 'RUNNING' && t.state !== 'WAITING').length;
  }
  completed(limit?: number): readonly TrialRecord[] {
    const c = this.trials.filter((t) => t.state === 'COMPLETE');
    return limit === undefined ? c : c.slice(Math.max(0, c.length - limit));
  }
  best(): TrialRecord | undefined {
    let best: TrialRecord | undefined;
    for (const t of this.completed()) {
      const v = t.values?.[0];
      if (v === undefined || !Number.isFinite(v)) continue;
      const b = best?.values?.[0];
      if (b === undefined || (this.direction === 'minimize' ? v < b : v > b)) best = t;
    }
    return best;
  }
  since(fromNumber: number): readonly TrialRecord[] {
    return this.trials.filter((t) => t.number >= fromNumber);
  }
  /** Appends a COMPLETE trial. */
  add(params: ParamValues, value: number): TrialRecord {
    const t: TrialRecord = { id: this.trials.length, number: this.trials.length, state: 'COMPLETE', params, values: [value], intermediate: {}, userAttrs: {}, systemAttrs: {} };
    this.trials.push(t);
    return t;
  }
}

/** Runs a sequential ask/tell loop of `budget` trials and returns the history and the best value per trial. */
export function runLoop(
  sampler: Sampler,
  space: SearchSpace,
  objective: (p: ParamValues) => number,
  budget: number,
  seed = 0,
  direction: Direction = 'minimize',
): { history: MemoryHistory; bestSoFar: number[] } {
  const history = new MemoryHistory(direction);
  const key = makeKey(seed);
  const bestSoFar: number[] = [];
  let best = direction === 'minimize' ? Infinity : -Infinity;
  for (let i = 0; i < budget; i++) {
    const params = sampler.ask({ space, directions: [direction], history, pending: [], trialNumber: i, key: foldIn(key, i) });
    const v = objective(params);
    const trial = history.add(params, v);
    sampler.tell?.(trial);
    if (Number.isFinite(v)) best = direction === 'minimize' ? Math.min(best, v) : Math.max(best, v);
    bestSoFar.push(best);
  }
  return { history, bestSoFar };
}
