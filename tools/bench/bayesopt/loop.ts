/** Drives a sampler through an ask/tell loop with an in-memory history (the bench's own, not the study engine's). */
import { type ParamValues, type Sampler, type SearchSpace, type TrialHistory, type TrialRecord, float, foldIn, makeKey } from '@metatune/core';
import type { BenchmarkFunction } from '@metatune/tasks';

export class BenchHistory implements TrialHistory {
  readonly trials: TrialRecord[] = [];
  get finishedCount(): number {
    return this.trials.length;
  }
  completed(limit?: number): readonly TrialRecord[] {
    return limit === undefined ? this.trials : this.trials.slice(-limit);
  }
  best(): TrialRecord | undefined {
    return [...this.trials].sort((a, b) => a.values![0] - b.values![0])[0];
  }
  since(fromNumber: number): readonly TrialRecord[] {
    return this.trials.filter((t) => t.number >= fromNumber);
  }
  add(params: ParamValues, value: number): TrialRecord {
    const t: TrialRecord = { id: this.trials.length, number: this.trials.length, state: 'COMPLETE', params, values: [value], intermediate: {}, userAttrs: {}, systemAttrs: {} };
    this.trials.push(t);
    return t;
  }
}

export function spaceOf(fn: BenchmarkFunction): SearchSpace {
  return Object.fromEntries(fn.bounds.map(([lo, hi], i) => [`x${i}`, float(lo, hi)]));
}

export function evaluate(fn: BenchmarkFunction, p: ParamValues): number {
  return fn.evaluate(fn.bounds.map((_, i) => p[`x${i}`] as number));
}

/** Runs `budget` trials; returns best-so-far values and per-ask milliseconds. */
export function run(sampler: Sampler, fn: BenchmarkFunction, budget: number, seed: number, objective = (p: ParamValues) => evaluate(fn, p), history = new BenchHistory()) {
  const space = spaceOf(fn);
  const key = makeKey(seed);
  const bestSoFar: number[] = [];
  const askMs: number[] = [];
  let best = Infinity;
  const start = history.trials.length;
  for (let i = start; i < start + budget; i++) {
    const t0 = performance.now();
    const p = sampler.ask({ space, directions: ['minimize'], history, pending: [], trialNumber: i, key: foldIn(key, i) });
    askMs.push(performance.now() - t0);
    const v = objective(p);
    const trial = history.add(p, v);
    sampler.tell?.(trial);
    best = Math.min(best, v);
    bestSoFar.push(best);
  }
  return { bestSoFar, askMs, history };
}

/** The first trial (1-based) whose best-so-far value is at or below `level`, or null if none is. */
export function firstTrialAtOrBelow(bestSoFar: readonly number[], level: number): number | null {
  const t = bestSoFar.findIndex((v) => v <= level);
  return t < 0 ? null : t + 1;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
