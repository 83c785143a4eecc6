/** Helpers shared by the evolution benches: the reference functions, argument parsing, statistics. */
import type { ParamValues, TrialHistory, TrialRecord } from '@metatune/core';

/** The minimiser of every {@link shiftedFunction} in d dimensions: x_i = 4 sin(i + 1). */
export function shiftedOptimum(d: number): Float64Array {
  return Float64Array.from({ length: d }, (_, i) => 4 * Math.sin(i + 1));
}

/** The shifted functions of ../shared/peers/cmaes_deap.py: f* = 0 at x_opt[i] = 4 sin(i + 1). */
export function shiftedFunction(name: string, d: number): (x: ArrayLike<number>) => number {
  const xo = shiftedOptimum(d);
  return (x) => {
    let s = 0;
    if (name === 'rosenbrock') {
      for (let i = 0; i < d - 1; i++) {
        const u = x[i] - xo[i] + 1;
        const v = x[i + 1] - xo[i + 1] + 1;
        s += 100 * (v - u * u) ** 2 + (1 - u) ** 2;
      }
      return s;
    }
    for (let i = 0; i < d; i++) {
      const z = x[i] - xo[i];
      if (name === 'sphere') s += z * z;
      else if (name === 'ellipsoid') s += 10 ** ((6 * i) / (d - 1)) * z * z;
      else if (name === 'rastrigin') s += z * z - 10 * Math.cos(2 * Math.PI * z) + 10;
      else throw new Error(`unknown function ${name}`);
    }
    return s;
  };
}

/** Reads `--name value` (or a flag `--name`). */
export function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = args[i + 1];
  return v === undefined || v.startsWith('--') ? 'true' : v;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

/** An in-memory trial history for driving samplers without the study engine. */
export class MemoryHistory implements TrialHistory {
  readonly trials: TrialRecord[] = [];
  get finishedCount(): number {
    return this.trials.length;
  }
  completed(limit?: number): readonly TrialRecord[] {
    return limit === undefined ? this.trials : this.trials.slice(-limit);
  }
  best(): TrialRecord | undefined {
    return this.trials.reduce<TrialRecord | undefined>((b, t) => (b === undefined || t.values![0] < b.values![0] ? t : b), undefined);
  }
  since(fromNumber: number): readonly TrialRecord[] {
    return this.trials.filter((t) => t.number >= fromNumber);
  }
  add(params: ParamValues, value: number): void {
    const n = this.trials.length;
    this.trials.push({ id: n + 1, number: n, state: 'COMPLETE', params, values: [value], intermediate: {}, userAttrs: {}, systemAttrs: {}, finishedAt: n });
  }
}
