import { type Key, MetatuneError, Rng, foldIn, makeKey } from '@metatune/core';
import { BestTracker, type VectorOptimizer } from '../util/optimizer';
import { type Bounds, checkInt, checkPositive, checkRange, checkVector, toBounds } from '../util/validate';

/** Options of {@link ParticleSwarm}. */
export interface PsoOptions {
  /** One [low, high] per dimension; positions are clamped into the box. */
  readonly bounds: readonly (readonly [number, number])[];
  /** Swarm size (default 10 + floor(2 sqrt d), SPSO 2007). */
  readonly populationSize?: number;
  /**
   * 'inertia' (Shi & Eberhart: v = w v + c1 r1 (p - x) + c2 r2 (g - x), w = 0.7298, c = 1.49618)
   * or 'constriction' (Clerc & Kennedy: v = chi (v + c1 r1 (p - x) + c2 r2 (g - x)), phi = 4.1).
   */
  readonly variant?: 'inertia' | 'constriction';
  /** 'global' (gbest) or 'ring' (lbest, each particle sees its two neighbours). Default 'global'. */
  readonly topology?: 'global' | 'ring';
  /** Inertia weight (inertia variant). */
  readonly inertia?: number;
  /** Cognitive and social coefficients. */
  readonly c1?: number;
  readonly c2?: number;
  /** Velocity clamp as a fraction of the box width (default 0.5). */
  readonly maxVelocity?: number;
  readonly seed?: number | Key;
}

/**
 * Particle swarm optimisation over a box, minimising. `ask` returns the current positions;
 * `tell` updates personal and neighbourhood bests and moves the swarm.
 */
export class ParticleSwarm implements VectorOptimizer {
  readonly dimension: number;
  readonly populationSize: number;
  readonly variant: 'inertia' | 'constriction';
  readonly topology: 'global' | 'ring';
  private readonly bounds: Bounds;
  private readonly key: Key;
  private readonly w: number;
  private readonly c1: number;
  private readonly c2: number;
  private readonly chi: number;
  private readonly vmax: Float64Array;
  private positions: Float64Array[];
  private readonly velocities: Float64Array[];
  private readonly pbest: Float64Array[];
  private readonly pbestF: Float64Array;
  generation = 0;
  private evals = 0;
  private nans = 0;
  private readonly tracker = new BestTracker();

  constructor(options: PsoOptions) {
    if (!options?.bounds) throw new MetatuneError('INVALID_ARGUMENT', 'ParticleSwarm needs bounds', { hint: 'pass bounds: [[low, high], ...]' });
    const n = checkInt(options.bounds.length, 1, 'ParticleSwarm: number of bounds');
    this.dimension = n;
    this.bounds = toBounds(options.bounds, n, 'ParticleSwarm')!;
    this.populationSize = checkInt(options.populationSize ?? 10 + Math.floor(2 * Math.sqrt(n)), 2, 'ParticleSwarm: populationSize');
    this.variant = options.variant ?? 'inertia';
    this.topology = options.topology ?? 'global';
    if (!['inertia', 'constriction'].includes(this.variant)) throw new MetatuneError('INVALID_ARGUMENT', `ParticleSwarm: unknown variant ${JSON.stringify(this.variant)}`);
    if (!['global', 'ring'].includes(this.topology)) throw new MetatuneError('INVALID_ARGUMENT', `ParticleSwarm: unknown topology ${JSON.stringify(this.topology)}`);
    const constriction = this.variant === 'constriction';
    this.c1 = checkPositive(options.c1 ?? (constriction ? 2.05 : 1.49618), 'ParticleSwarm: c1');
    this.c2 = checkPositive(options.c2 ?? (constriction ? 2.05 : 1.49618), 'ParticleSwarm: c2');
    this.w = checkRange(options.inertia ?? 0.7298, 0, 1.5, 'ParticleSwarm: inertia');
    const phi = this.c1 + this.c2;
    if (constriction && phi <= 4) throw new MetatuneError('INVALID_ARGUMENT', `ParticleSwarm: constriction needs c1 + c2 > 4, got ${phi}`);
    this.chi = constriction ? 2 / Math.abs(2 - phi - Math.sqrt(phi * phi - 4 * phi)) : 1;
    const vFrac = checkPositive(options.maxVelocity ?? 0.5, 'ParticleSwarm: maxVelocity');
    this.vmax = this.bounds.upper.map((u, i) => vFrac * (u - this.bounds.lower[i]));
    const seed = options.seed ?? 0;
    this.key = typeof seed === 'number' ? makeKey(seed) : seed;
    const rng = new Rng(foldIn(this.key, 0x50534f));
    const { lower, upper } = this.bounds;
    this.positions = Array.from({ length: this.populationSize }, () => Float64Array.from({ length: n }, (_, j) => rng.between(lower[j], upper[j])));
    this.velocities = Array.from({ length: this.populationSize }, () =>
      Float64Array.from({ length: n }, (_, j) => 0.5 * (rng.between(lower[j], upper[j]) - rng.between(lower[j], upper[j]))),
    );
    this.pbest = this.positions.map((x) => Float64Array.from(x));
    this.pbestF = new Float64Array(this.populationSize).fill(Infinity);
  }

  ask(): Float64Array[] {
    return this.positions.map((x) => Float64Array.from(x));
  }

  /** Index of the best personal best among particle i's neighbours (itself included). */
  private neighbourhoodBest(i: number): number {
    const N = this.populationSize;
    if (this.topology === 'global') {
      let b = 0;
      for (let k = 1; k < N; k++) if (this.pbestF[k] < this.pbestF[b]) b = k;
      return b;
    }
    let b = i;
    for (const k of [(i + N - 1) % N, (i + 1) % N]) if (this.pbestF[k] < this.pbestF[b]) b = k;
    return b;
  }

  tell(xs: readonly ArrayLike<number>[], fs: ArrayLike<number>): void {
    const N = this.populationSize;
    const n = this.dimension;
    if (xs.length !== N || fs.length !== N) {
      throw new MetatuneError('SHAPE_MISMATCH', `ParticleSwarm: tell needs ${N} points and values, got ${xs.length} and ${fs.length}`, { hint: 'tell the whole swarm returned by ask()' });
    }
    this.positions = xs.map((x, i) => checkVector(x, n, `ParticleSwarm: point ${i}`));
    for (let i = 0; i < N; i++) {
      const f = Number(fs[i]);
      this.tracker.offer(this.positions[i], f);
      if (Number.isNaN(f)) {
        this.nans++;
        continue; // a NaN never becomes a personal best
      }
      if (f < this.pbestF[i]) {
        this.pbestF[i] = f;
        this.pbest[i] = Float64Array.from(this.positions[i]);
      }
    }
    this.evals += N;
    const rng = new Rng(foldIn(this.key, this.generation));
    const { lower, upper } = this.bounds;
    const leaders = Array.from({ length: N }, (_, i) => this.neighbourhoodBest(i));
    for (let i = 0; i < N; i++) {
      const x = this.positions[i];
      const v = this.velocities[i];
      const p = this.pbest[i];
      const g = this.pbest[leaders[i]];
      for (let j = 0; j < n; j++) {
        const pull = this.c1 * rng.uniform() * (p[j] - x[j]) + this.c2 * rng.uniform() * (g[j] - x[j]);
        let vj = this.variant === 'inertia' ? this.w * v[j] + pull : this.chi * (v[j] + pull);
        vj = Math.max(-this.vmax[j], Math.min(this.vmax[j], vj));
        let xj = x[j] + vj;
        if (xj < lower[j] || xj > upper[j]) {
          xj = Math.min(upper[j], Math.max(lower[j], xj));
          vj = 0; // absorbing wall
        }
        v[j] = vj;
        x[j] = xj;
      }
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
