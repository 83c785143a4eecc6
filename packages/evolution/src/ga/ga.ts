import { type Key, MetatuneError, Rng, foldIn, makeKey } from '@metatune/core';
import { argsort } from '../util/fitness';
import { BestTracker, type VectorOptimizer } from '../util/optimizer';
import { type Bounds, checkInt, checkPositive, checkRange, checkVector, toBounds } from '../util/validate';

/** Options of {@link GeneticAlgorithm}. */
export interface GaOptions {
  /** One [low, high] per gene. */
  readonly bounds: readonly (readonly [number, number])[];
  /**
   * Number of categories per gene (0 or absent: numeric). A categorical gene with k categories
   * splits [low, high] into k equal bins and only takes bin centres.
   */
  readonly categories?: readonly number[];
  /** Population size (default 50). */
  readonly populationSize?: number;
  /** Numeric crossover: 'sbx' (simulated binary, Deb & Agrawal 1995) or 'uniform'. Categorical genes always cross uniformly. */
  readonly crossover?: 'sbx' | 'uniform';
  /** Probability that a pair is crossed (default 0.9). */
  readonly crossoverProb?: number;
  /** SBX distribution index (default 15). */
  readonly etaC?: number;
  /** Per-gene mutation probability (default 1 / d). */
  readonly mutationProb?: number;
  /** Polynomial-mutation distribution index (default 20). */
  readonly etaM?: number;
  /** Tournament size (default 2). */
  readonly tournamentSize?: number;
  /** Best parents copied unchanged into the next population (default 1). */
  readonly elites?: number;
  readonly seed?: number | Key;
}

/**
 * A generational genetic algorithm for mixed numeric / categorical genes, minimising: tournament
 * selection, SBX or uniform crossover, polynomial mutation for numeric genes and random
 * resetting for categorical ones, and elitism.
 */
export class GeneticAlgorithm implements VectorOptimizer {
  readonly dimension: number;
  readonly populationSize: number;
  private readonly bounds: Bounds;
  private readonly categories: Int32Array;
  private readonly key: Key;
  private readonly crossover: 'sbx' | 'uniform';
  private readonly pc: number;
  private readonly etaC: number;
  private readonly pm: number;
  private readonly etaM: number;
  private readonly tournament: number;
  private readonly elites: number;
  private pop: Float64Array[] = [];
  private fit = new Float64Array(0);
  generation = 0;
  private evals = 0;
  private nans = 0;
  private readonly tracker = new BestTracker();

  constructor(options: GaOptions) {
    if (!options?.bounds) throw new MetatuneError('INVALID_ARGUMENT', 'GeneticAlgorithm needs bounds', { hint: 'pass bounds: [[low, high], ...]' });
    const n = checkInt(options.bounds.length, 1, 'GeneticAlgorithm: number of bounds');
    this.dimension = n;
    this.bounds = toBounds(options.bounds, n, 'GeneticAlgorithm')!;
    this.categories = new Int32Array(n);
    if (options.categories !== undefined) {
      if (options.categories.length !== n) throw new MetatuneError('SHAPE_MISMATCH', `GeneticAlgorithm: ${options.categories.length} category counts for ${n} genes`);
      options.categories.forEach((k, i) => (this.categories[i] = k === 0 ? 0 : checkInt(k, 1, `GeneticAlgorithm: categories[${i}]`)));
    }
    this.populationSize = checkInt(options.populationSize ?? 50, 2, 'GeneticAlgorithm: populationSize');
    this.crossover = options.crossover ?? 'sbx';
    if (this.crossover !== 'sbx' && this.crossover !== 'uniform') throw new MetatuneError('INVALID_ARGUMENT', `GeneticAlgorithm: unknown crossover ${JSON.stringify(this.crossover)}`);
    this.pc = checkRange(options.crossoverProb ?? 0.9, 0, 1, 'GeneticAlgorithm: crossoverProb');
    this.etaC = checkPositive(options.etaC ?? 15, 'GeneticAlgorithm: etaC');
    this.pm = checkRange(options.mutationProb ?? 1 / n, 0, 1, 'GeneticAlgorithm: mutationProb');
    this.etaM = checkPositive(options.etaM ?? 20, 'GeneticAlgorithm: etaM');
    this.tournament = checkInt(options.tournamentSize ?? 2, 1, 'GeneticAlgorithm: tournamentSize');
    this.elites = checkInt(options.elites ?? 1, 0, 'GeneticAlgorithm: elites');
    if (this.elites >= this.populationSize) throw new MetatuneError('INVALID_ARGUMENT', `GeneticAlgorithm: elites (${this.elites}) must be below populationSize (${this.populationSize})`);
    const seed = options.seed ?? 0;
    this.key = typeof seed === 'number' ? makeKey(seed) : seed;
  }

  /** Snaps a categorical gene to the centre of its bin. */
  private snap(j: number, v: number): number {
    const k = this.categories[j];
    const lo = this.bounds.lower[j];
    const width = this.bounds.upper[j] - lo;
    if (k === 0) return Math.min(this.bounds.upper[j], Math.max(lo, v));
    const bin = Math.min(k - 1, Math.max(0, Math.floor(((v - lo) / width) * k)));
    return lo + ((bin + 0.5) / k) * width;
  }

  ask(): Float64Array[] {
    const n = this.dimension;
    const N = this.populationSize;
    const rng = new Rng(foldIn(this.key, this.generation));
    const { lower, upper } = this.bounds;
    if (this.pop.length === 0) {
      return Array.from({ length: N }, () => Float64Array.from({ length: n }, (_, j) => this.snap(j, rng.between(lower[j], upper[j]))));
    }
    const pick = (): Float64Array => {
      let best = rng.int(0, N);
      for (let t = 1; t < this.tournament; t++) {
        const c = rng.int(0, N);
        if (this.fit[c] < this.fit[best]) best = c;
      }
      return this.pop[best];
    };
    const out: Float64Array[] = [];
    while (out.length < N) {
      const a = Float64Array.from(pick());
      const b = Float64Array.from(pick());
      if (rng.uniform() < this.pc) {
        for (let j = 0; j < n; j++) {
          if (this.categories[j] > 0 || this.crossover === 'uniform') {
            if (rng.uniform() < 0.5) [a[j], b[j]] = [b[j], a[j]];
          } else if (rng.uniform() < 0.5) {
            this.sbx(rng, j, a, b);
          }
        }
      }
      for (const child of [a, b]) {
        for (let j = 0; j < n; j++) {
          if (rng.uniform() >= this.pm) continue;
          const k = this.categories[j];
          if (k > 1) {
            const width = upper[j] - lower[j];
            const current = Math.floor(((child[j] - lower[j]) / width) * k);
            const next = (current + 1 + rng.int(0, k - 1)) % k; // a different category
            child[j] = lower[j] + ((next + 0.5) / k) * width;
          } else if (k === 0) {
            child[j] = this.polynomialMutation(rng, j, child[j]);
          }
        }
        if (out.length < N) out.push(child.map((v, j) => this.snap(j, v)));
      }
    }
    return out;
  }

  /** SBX on gene j of a and b, in place (Deb's bounded variant). */
  private sbx(rng: Rng, j: number, a: Float64Array, b: Float64Array): void {
    const x1 = Math.min(a[j], b[j]);
    const x2 = Math.max(a[j], b[j]);
    if (x2 - x1 < 1e-14) return;
    const lo = this.bounds.lower[j];
    const hi = this.bounds.upper[j];
    const u = rng.uniform();
    const child = (beta0: number): number => {
      const alpha = 2 - beta0 ** -(this.etaC + 1);
      const betaq = u <= 1 / alpha ? (u * alpha) ** (1 / (this.etaC + 1)) : (1 / (2 - u * alpha)) ** (1 / (this.etaC + 1));
      return betaq;
    };
    const bq1 = child(1 + (2 * (x1 - lo)) / (x2 - x1));
    const bq2 = child(1 + (2 * (hi - x2)) / (x2 - x1));
    const c1 = 0.5 * (x1 + x2 - bq1 * (x2 - x1));
    const c2 = 0.5 * (x1 + x2 + bq2 * (x2 - x1));
    a[j] = Math.min(hi, Math.max(lo, c1));
    b[j] = Math.min(hi, Math.max(lo, c2));
  }

  /** Deb's bounded polynomial mutation. */
  private polynomialMutation(rng: Rng, j: number, x: number): number {
    const lo = this.bounds.lower[j];
    const hi = this.bounds.upper[j];
    const d1 = (x - lo) / (hi - lo);
    const d2 = (hi - x) / (hi - lo);
    const u = rng.uniform();
    const p = 1 / (this.etaM + 1);
    const dq = u < 0.5 ? (2 * u + (1 - 2 * u) * (1 - d1) ** (this.etaM + 1)) ** p - 1 : 1 - (2 * (1 - u) + 2 * (u - 0.5) * (1 - d2) ** (this.etaM + 1)) ** p;
    return Math.min(hi, Math.max(lo, x + dq * (hi - lo)));
  }

  tell(xs: readonly ArrayLike<number>[], fs: ArrayLike<number>): void {
    const N = this.populationSize;
    if (xs.length !== N || fs.length !== N) {
      throw new MetatuneError('SHAPE_MISMATCH', `GeneticAlgorithm: tell needs ${N} points and values, got ${xs.length} and ${fs.length}`, { hint: 'tell the whole generation returned by ask()' });
    }
    const points = xs.map((x, i) => checkVector(x, this.dimension, `GeneticAlgorithm: point ${i}`));
    const values = Float64Array.from({ length: N }, (_, i) => {
      const v = Number(fs[i]);
      this.tracker.offer(points[i], v);
      if (Number.isNaN(v)) this.nans++;
      return Number.isNaN(v) ? Infinity : v;
    });
    this.evals += N;
    if (this.pop.length === 0) {
      this.pop = points;
      this.fit = values;
    } else {
      const keep = argsort(this.fit).slice(0, this.elites);
      const children = argsort(values).slice(0, N - this.elites);
      this.pop = [...keep.map((i) => this.pop[i]), ...children.map((i) => points[i])];
      this.fit = Float64Array.from([...keep.map((i) => this.fit[i]), ...children.map((i) => values[i])]);
    }
    this.generation++;
  }

  get best(): { readonly x: Float64Array; readonly f: number } | undefined {
    return this.tracker.best;
  }

  get evaluations(): number {
    return this.evals;
  }

  get nanCount(): number {
    return this.nans;
  }
}
