import { MetatuneError, isActive, type ParamSpec, type ParamValue, type ParamValues, type SampleRequest, type Sampler, type SearchSpace } from '@metatune/core';
import { canonicalJson } from '../storage/spec';

/** Thrown by a sampler that has nothing left to propose (a finished grid); `optimize` stops on it. */
export class SearchExhausted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchExhausted';
  }
}

/** Options of {@link GridSampler}. */
export interface GridSamplerOptions {
  /** Values per parameter; needed for float parameters without a step, optional for the others. */
  readonly values?: Readonly<Record<string, readonly ParamValue[]>>;
  /** Refuse grids larger than this (default 1,000,000 points). */
  readonly maxPoints?: number;
}

function axis(name: string, spec: ParamSpec, given: readonly ParamValue[] | undefined): ParamValue[] {
  if (given) return [...given];
  if (spec.type === 'categorical') return [...spec.choices];
  const step = spec.step ?? (spec.type === 'int' ? 1 : undefined);
  if (step === undefined || spec.log) {
    throw new MetatuneError('INVALID_ARGUMENT', `the grid sampler cannot enumerate parameter "${name}" (${spec.type} without a step)`, {
      hint: `give its values: new GridSampler({ values: { ${name}: [...] } })`,
    });
  }
  const out: number[] = [];
  const count = Math.floor((spec.high - spec.low) / step + 1e-9) + 1;
  for (let i = 0; i < count; i++) out.push(spec.type === 'int' ? spec.low + i * step : Number((spec.low + i * step).toPrecision(15)));
  return out;
}

/** Every configuration of the grid, inactive conditional parameters dropped and duplicates removed. */
export function enumerateGrid(space: SearchSpace, options: GridSamplerOptions = {}): ParamValues[] {
  const names = Object.keys(space);
  const axes = names.map((n) => axis(n, space[n], options.values?.[n]));
  const max = options.maxPoints ?? 1_000_000;
  const size = axes.reduce((a, x) => a * x.length, 1);
  if (size > max) throw new MetatuneError('INVALID_ARGUMENT', `the grid has ${size} points, more than maxPoints = ${max}`, { hint: 'give fewer values per parameter' });
  const points: ParamValues[] = [];
  const seen = new Set<string>();
  const index = new Array<number>(names.length).fill(0);
  for (let p = 0; p < size; p++) {
    const values: ParamValues = {};
    for (let d = 0; d < names.length; d++) if (isActive(space, names[d], values)) values[names[d]] = axes[d][index[d]];
    const key = canonicalJson(values);
    if (!seen.has(key)) {
      seen.add(key);
      points.push(values);
    }
    for (let d = names.length - 1; d >= 0; d--) {
      if (++index[d] < axes[d].length) break;
      index[d] = 0;
    }
  }
  return points;
}

/**
 * Exhaustive grid search that any number of workers share without repeats: trial number n takes
 * grid point n (the storage assigns numbers atomically, inside the transaction that creates the
 * trial, so two workers never get the same n). Numbers past the grid fill the points whose number
 * went to an enqueued trial or a retry. When no point is left, `ask` throws
 * {@link SearchExhausted} and `optimize` stops.
 */
export class GridSampler implements Sampler {
  readonly name = 'grid';
  readonly multiObjective = true;
  private points: ParamValues[] | undefined;
  private keys: string[] = [];
  private spaceKey = '';

  constructor(private readonly options: GridSamplerOptions = {}) {}

  /** Number of grid points of `space`. */
  size(space: SearchSpace): number {
    return this.grid(space).length;
  }

  private grid(space: SearchSpace): ParamValues[] {
    const key = canonicalJson(space);
    if (!this.points || key !== this.spaceKey) {
      this.points = enumerateGrid(space, this.options);
      this.keys = this.points.map((p) => canonicalJson(p));
      this.spaceKey = key;
    }
    return this.points;
  }

  ask(request: SampleRequest): ParamValues {
    const points = this.grid(request.space);
    const n = request.trialNumber;
    if (n < points.length) return points[n];
    // Past the end of the grid: fill holes, points whose own trial number went to something else
    // (an enqueued configuration, a retry). Only numbers this worker has seen count as holes; an
    // unseen number may be another worker's trial being created with its point right now.
    const taken = new Set<string>();
    const seen = new Map<number, string>();
    for (const t of request.history.since(0)) {
      const key = canonicalJson(t.params);
      taken.add(key);
      seen.set(t.number, key);
    }
    for (const p of request.pending) taken.add(canonicalJson(p));
    for (let i = 0; i < points.length; i++) {
      if (seen.has(i) && seen.get(i) !== this.keys[i] && !taken.has(this.keys[i])) return points[i];
    }
    throw new SearchExhausted(`all ${points.length} grid points have a trial`);
  }
}
