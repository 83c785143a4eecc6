import { type GradientEstimator, type Key, MetatuneError, Rng, foldIn, makeKey } from '@metatune/core';
import { BestTracker, type VectorOptimizer } from '../util/optimizer';
import { type Bounds, checkInt, checkPositive, checkVector, toBounds } from '../util/validate';
import { AdamStep } from './adam';
import { centeredRanks } from './fitness-shaping';

/** Options of {@link OpenAIESEstimator}. */
export interface EsEstimatorOptions {
  /** Antithetic pairs per estimate (default 16). */
  readonly pairs?: number;
  /** Perturbation scale (default 0.02). */
  readonly sigma?: number;
  /** 'none' gives the plain antithetic estimate of the smoothed gradient; 'centered-rank' the shaped one (a search direction, not a gradient scale). */
  readonly shaping?: 'none' | 'centered-rank';
}

/** Antithetic Gaussian perturbations eps_1..eps_N of dimension d from `key`. */
export function antitheticNoise(key: Key, pairs: number, d: number): Float64Array[] {
  const rng = new Rng(key);
  return Array.from({ length: pairs }, () => Float64Array.from({ length: d }, () => rng.normal()));
}

/**
 * OpenAI-ES / NES as core's `GradientEstimator`: with antithetic pairs theta +- sigma eps_k,
 * g = 1 / (2 N sigma) sum_k (f(theta + sigma eps_k) - f(theta - sigma eps_k)) eps_k,
 * an unbiased estimate of the gradient of the Gaussian-smoothed objective.
 */
export class OpenAIESEstimator implements GradientEstimator {
  readonly name = 'openai-es';
  readonly pairs: number;
  readonly sigma: number;
  readonly shaping: 'none' | 'centered-rank';

  constructor(options: EsEstimatorOptions = {}) {
    this.pairs = checkInt(options.pairs ?? 16, 1, 'OpenAIESEstimator: pairs');
    this.sigma = checkPositive(options.sigma ?? 0.02, 'OpenAIESEstimator: sigma');
    this.shaping = options.shaping ?? 'none';
    if (this.shaping !== 'none' && this.shaping !== 'centered-rank') throw new MetatuneError('INVALID_ARGUMENT', `OpenAIESEstimator: unknown shaping ${JSON.stringify(this.shaping)}`);
  }

  async estimate(
    theta: Float64Array,
    objective: (candidates: readonly Float64Array[]) => readonly number[] | Promise<readonly number[]>,
    key: Key,
  ): Promise<{ gradient: Float64Array; meanLoss: number }> {
    const d = theta.length;
    const eps = antitheticNoise(key, this.pairs, d);
    const candidates: Float64Array[] = [];
    for (const e of eps) {
      candidates.push(theta.map((t, i) => t + this.sigma * e[i]));
      candidates.push(theta.map((t, i) => t - this.sigma * e[i]));
    }
    const losses = await objective(candidates);
    if (losses.length !== candidates.length) {
      throw new MetatuneError('SHAPE_MISMATCH', `OpenAIESEstimator: the objective returned ${losses.length} losses for ${candidates.length} candidates`);
    }
    const finite = losses.filter((v) => Number.isFinite(v));
    if (finite.length < losses.length) {
      throw new MetatuneError('NON_FINITE', `OpenAIESEstimator: ${losses.length - finite.length} of ${losses.length} losses are not finite`, {
        hint: 'lower sigma, or make the objective return a large finite loss for diverged runs',
      });
    }
    const shaped = this.shaping === 'centered-rank' ? centeredRanks(losses) : Float64Array.from(losses);
    const gradient = new Float64Array(d);
    eps.forEach((e, k) => {
      const diff = shaped[2 * k] - shaped[2 * k + 1];
      for (let i = 0; i < d; i++) gradient[i] += (diff * e[i]) / (2 * this.pairs * this.sigma);
    });
    return { gradient, meanLoss: finite.reduce((s, v) => s + v, 0) / finite.length };
  }
}

/** Options of {@link OpenAIES}. */
export interface OpenAIESOptions {
  readonly mean: ArrayLike<number>;
  /** Perturbation scale. */
  readonly sigma: number;
  /** Antithetic pairs per generation (population 2 * pairs; default 16). */
  readonly pairs?: number;
  /** Adam learning rate (default 0.01). */
  readonly learningRate?: number;
  /** Optional box; candidates and the mean are clipped into it. */
  readonly bounds?: readonly (readonly [number, number])[];
  readonly seed?: number | Key;
}

/**
 * OpenAI-ES as a plain ask/tell optimizer: antithetic sampling, centred-rank fitness shaping and
 * an Adam step on the mean (Salimans et al. 2017). Candidates come in pairs [+eps_0, -eps_0, ...].
 */
export class OpenAIES implements VectorOptimizer {
  readonly dimension: number;
  readonly mean: Float64Array;
  readonly sigma: number;
  readonly pairs: number;
  private readonly bounds: Bounds | undefined;
  private readonly key: Key;
  private readonly adam: AdamStep;
  generation = 0;
  private evals = 0;
  private nans = 0;
  private readonly tracker = new BestTracker();

  constructor(options: OpenAIESOptions) {
    const d = checkInt(options?.mean?.length ?? 0, 1, 'OpenAIES: dimension (length of mean)');
    this.dimension = d;
    this.mean = checkVector(options.mean, d, 'OpenAIES: mean');
    this.sigma = checkPositive(options.sigma, 'OpenAIES: sigma');
    this.pairs = checkInt(options.pairs ?? 16, 1, 'OpenAIES: pairs');
    this.adam = new AdamStep(d, checkPositive(options.learningRate ?? 0.01, 'OpenAIES: learningRate'));
    this.bounds = toBounds(options.bounds, d, 'OpenAIES');
    const seed = options.seed ?? 0;
    this.key = typeof seed === 'number' ? makeKey(seed) : seed;
  }

  private clip(x: Float64Array): Float64Array {
    if (this.bounds) for (let i = 0; i < x.length; i++) x[i] = Math.min(this.bounds.upper[i], Math.max(this.bounds.lower[i], x[i]));
    return x;
  }

  ask(): Float64Array[] {
    const out: Float64Array[] = [];
    for (const e of antitheticNoise(foldIn(this.key, this.generation), this.pairs, this.dimension)) {
      out.push(this.clip(this.mean.map((m, i) => m + this.sigma * e[i])));
      out.push(this.clip(this.mean.map((m, i) => m - this.sigma * e[i])));
    }
    return out;
  }

  tell(xs: readonly ArrayLike<number>[], fs: ArrayLike<number>): void {
    const n = 2 * this.pairs;
    if (xs.length !== n || fs.length !== n) {
      throw new MetatuneError('SHAPE_MISMATCH', `OpenAIES: tell needs ${n} points and values (antithetic pairs), got ${xs.length} and ${fs.length}`);
    }
    const points = xs.map((x, i) => checkVector(x, this.dimension, `OpenAIES: point ${i}`));
    const values = Float64Array.from({ length: n }, (_, i) => {
      const v = Number(fs[i]);
      this.tracker.offer(points[i], v);
      if (Number.isNaN(v)) this.nans++;
      return Number.isNaN(v) ? Infinity : v; // ranks worst
    });
    this.evals += n;
    const shaped = centeredRanks(values);
    const g = new Float64Array(this.dimension);
    for (let k = 0; k < this.pairs; k++) {
      // The pair's effective perturbation, from the told points (they may have been clipped).
      const plus = points[2 * k];
      const minus = points[2 * k + 1];
      const diff = shaped[2 * k] - shaped[2 * k + 1];
      for (let i = 0; i < this.dimension; i++) g[i] += (diff * (plus[i] - minus[i])) / (2 * this.sigma) / (n * this.sigma);
    }
    this.adam.apply(this.mean, g);
    this.clip(this.mean);
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
