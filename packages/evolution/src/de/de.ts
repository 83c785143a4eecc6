import { type Key, MetatuneError, Rng, foldIn, makeKey } from '@metatune/core';
import { argsort } from '../util/fitness';
import { BestTracker, type VectorOptimizer } from '../util/optimizer';
import { type Bounds, checkInt, checkRange, checkVector, toBounds } from '../util/validate';

/** Options of {@link DifferentialEvolution}. */
export interface DeOptions {
  /** One [low, high] per dimension: the initial box and hard bounds. */
  readonly bounds: readonly (readonly [number, number])[];
  /** 'current-to-pbest1' (JADE, Zhang & Sanderson 2009; default) or classic 'rand1bin' (Storn & Price 1997). */
  readonly strategy?: 'current-to-pbest1' | 'rand1bin';
  /** Population size NP >= 4 (default max(20, 5 d)). */
  readonly populationSize?: number;
  /** Mutation factor of rand1bin (default 0.5); JADE's initial mean muF. */
  readonly F?: number;
  /** Crossover rate of rand1bin (default 0.9); JADE's initial mean muCR is 0.5. */
  readonly CR?: number;
  /** JADE: fraction of the best individuals a pbest is drawn from (default 0.1). */
  readonly p?: number;
  /** JADE: learning rate of muF and muCR (default 0.1). */
  readonly c?: number;
  /** JADE: keep an archive of replaced parents as difference-vector donors (default true). */
  readonly archive?: boolean;
  readonly seed?: number | Key;
}

interface Generation {
  readonly trials: Float64Array[];
  readonly F: Float64Array;
  readonly CR: Float64Array;
}

/**
 * Differential evolution over a box, minimising: classic rand/1/bin, or JADE's
 * current-to-pbest/1/bin with an optional archive and adaptive F (Cauchy, Lehmer mean) and CR
 * (normal, arithmetic mean). The first `ask` returns a Latin-hypercube population; each later
 * generation returns one trial vector per target, and `tell` keeps a trial when it is no worse.
 */
export class DifferentialEvolution implements VectorOptimizer {
  readonly dimension: number;
  readonly populationSize: number;
  readonly strategy: 'current-to-pbest1' | 'rand1bin';
  private readonly bounds: Bounds;
  private readonly key: Key;
  private readonly F: number;
  private readonly CR: number;
  private readonly p: number;
  private readonly c: number;
  private readonly useArchive: boolean;
  private pop: Float64Array[] = [];
  private fit: Float64Array = new Float64Array(0);
  private archive: Float64Array[] = [];
  /** JADE's adapted means. */
  muF: number;
  muCR: number;
  generation = 0;
  private evals = 0;
  private nans = 0;
  private readonly tracker = new BestTracker();

  constructor(options: DeOptions) {
    if (!options?.bounds) throw new MetatuneError('INVALID_ARGUMENT', 'DifferentialEvolution needs bounds', { hint: 'pass bounds: [[low, high], ...], one pair per dimension' });
    this.dimension = checkInt(options.bounds.length, 1, 'DifferentialEvolution: number of bounds');
    this.bounds = toBounds(options.bounds, this.dimension, 'DifferentialEvolution')!;
    this.strategy = options.strategy ?? 'current-to-pbest1';
    if (this.strategy !== 'current-to-pbest1' && this.strategy !== 'rand1bin') {
      throw new MetatuneError('INVALID_ARGUMENT', `DifferentialEvolution: unknown strategy ${JSON.stringify(this.strategy)}`, { hint: "use 'current-to-pbest1' or 'rand1bin'" });
    }
    this.populationSize = checkInt(options.populationSize ?? Math.max(20, 5 * this.dimension), 4, 'DifferentialEvolution: populationSize', 'DE needs at least 4 individuals');
    this.F = checkRange(options.F ?? 0.5, 1e-6, 2, 'DifferentialEvolution: F');
    this.CR = checkRange(options.CR ?? 0.9, 0, 1, 'DifferentialEvolution: CR');
    this.p = checkRange(options.p ?? 0.1, 1e-6, 1, 'DifferentialEvolution: p');
    this.c = checkRange(options.c ?? 0.1, 0, 1, 'DifferentialEvolution: c');
    this.useArchive = options.archive ?? true;
    this.muF = this.strategy === 'rand1bin' ? this.F : 0.5;
    this.muCR = 0.5;
    const seed = options.seed ?? 0;
    this.key = typeof seed === 'number' ? makeKey(seed) : seed;
  }

  /** A copy of the current population (empty before the first tell). */
  population(): Float64Array[] {
    return this.pop.map((x) => Float64Array.from(x));
  }

  ask(): Float64Array[] {
    return this.generate().trials;
  }

  /** The trials of the current generation, with the F and CR each used; pure in (state, generation). */
  private generate(): Generation {
    const n = this.dimension;
    const NP = this.populationSize;
    const rng = new Rng(foldIn(this.key, this.generation));
    const { lower, upper } = this.bounds;
    if (this.pop.length === 0) {
      // Latin hypercube: one stratum per individual in every coordinate.
      const trials = Array.from({ length: NP }, () => new Float64Array(n));
      for (let j = 0; j < n; j++) {
        const perm = Array.from({ length: NP }, (_, i) => i);
        for (let i = NP - 1; i > 0; i--) {
          const k = rng.int(0, i + 1);
          [perm[i], perm[k]] = [perm[k], perm[i]];
        }
        for (let i = 0; i < NP; i++) trials[i][j] = lower[j] + ((perm[i] + rng.uniform()) / NP) * (upper[j] - lower[j]);
      }
      return { trials, F: new Float64Array(NP), CR: new Float64Array(NP) };
    }
    const F = new Float64Array(NP);
    const CR = new Float64Array(NP);
    const order = argsort(this.fit);
    const top = Math.max(2, Math.round(this.p * NP));
    const donors = this.useArchive ? [...this.pop, ...this.archive] : this.pop;
    const trials: Float64Array[] = [];
    for (let i = 0; i < NP; i++) {
      const xi = this.pop[i];
      const v = new Float64Array(n);
      if (this.strategy === 'rand1bin') {
        F[i] = this.F;
        CR[i] = this.CR;
        const [r1, r2, r3] = distinct(rng, NP, 3, i);
        for (let j = 0; j < n; j++) v[j] = this.pop[r1][j] + F[i] * (this.pop[r2][j] - this.pop[r3][j]);
      } else {
        let f: number;
        do f = this.muF + 0.1 * Math.tan(Math.PI * (rng.uniform() - 0.5));
        while (f <= 0);
        F[i] = Math.min(1, f);
        CR[i] = Math.min(1, Math.max(0, this.muCR + 0.1 * rng.normal()));
        const pbest = this.pop[order[rng.int(0, top)]];
        const [r1] = distinct(rng, NP, 1, i);
        let r2: number;
        do r2 = rng.int(0, donors.length);
        while (r2 === i || r2 === r1);
        for (let j = 0; j < n; j++) v[j] = xi[j] + F[i] * (pbest[j] - xi[j]) + F[i] * (this.pop[r1][j] - donors[r2][j]);
      }
      const jrand = rng.int(0, n);
      const u = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        u[j] = j === jrand || rng.uniform() < CR[i] ? v[j] : xi[j];
        // JADE's repair: halfway between the parent and the violated bound.
        if (u[j] < lower[j]) u[j] = 0.5 * (lower[j] + xi[j]);
        else if (u[j] > upper[j]) u[j] = 0.5 * (upper[j] + xi[j]);
      }
      trials.push(u);
    }
    return { trials, F, CR };
  }

  tell(xs: readonly ArrayLike<number>[], fs: ArrayLike<number>): void {
    const NP = this.populationSize;
    if (xs.length !== NP || fs.length !== NP) {
      throw new MetatuneError('SHAPE_MISMATCH', `DifferentialEvolution: tell needs ${NP} points and values, got ${xs.length} and ${fs.length}`, {
        hint: 'tell the whole generation returned by ask()',
      });
    }
    const points = xs.map((x, i) => checkVector(x, this.dimension, `DifferentialEvolution: point ${i}`));
    // A NaN never wins a comparison: it is +Infinity here.
    const values = Float64Array.from({ length: NP }, (_, i) => {
      const v = Number(fs[i]);
      if (Number.isNaN(v)) this.nans++;
      return Number.isNaN(v) ? Infinity : v;
    });
    points.forEach((x, i) => this.tracker.offer(x, Number(fs[i])));
    this.evals += NP;
    if (this.pop.length === 0) {
      this.pop = points;
      this.fit = values;
      this.generation++;
      return;
    }
    const { F, CR } = this.generate();
    const sF: number[] = [];
    const sCR: number[] = [];
    for (let i = 0; i < NP; i++) {
      if (values[i] <= this.fit[i]) {
        if (values[i] < this.fit[i]) {
          sF.push(F[i]);
          sCR.push(CR[i]);
          if (this.useArchive) this.archive.push(this.pop[i]);
        }
        this.pop[i] = points[i];
        this.fit[i] = values[i];
      }
    }
    const rng = new Rng(foldIn(this.key, 0x7fffffff - this.generation));
    while (this.archive.length > NP) this.archive.splice(rng.int(0, this.archive.length), 1);
    if (this.strategy === 'current-to-pbest1' && sF.length > 0) {
      const lehmer = sF.reduce((s, f) => s + f * f, 0) / sF.reduce((s, f) => s + f, 0);
      this.muF = (1 - this.c) * this.muF + this.c * lehmer;
      this.muCR = (1 - this.c) * this.muCR + (this.c * sCR.reduce((s, v) => s + v, 0)) / sCR.length;
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

/** `count` distinct indices in [0, n), all different from `exclude`. */
function distinct(rng: Rng, n: number, count: number, exclude: number): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const r = rng.int(0, n);
    if (r !== exclude && !out.includes(r)) out.push(r);
  }
  return out;
}
