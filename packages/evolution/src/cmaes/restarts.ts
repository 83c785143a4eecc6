import { type Key, MetatuneError, Rng, foldIn, makeKey } from '@metatune/core';
import { BestTracker, type VectorOptimizer } from '../util/optimizer';
import { checkInt, checkVector, toBounds } from '../util/validate';
import { CMAES, type CmaesOptions, type CmaesStopReason } from './cmaes';

/** Options of {@link RestartCMAES}. */
export interface RestartCmaesOptions extends CmaesOptions {
  /** 'ipop' doubles the population at every restart (Auger & Hansen 2005); 'bipop' interleaves small-population runs (Hansen 2009). */
  readonly strategy: 'ipop' | 'bipop';
  /** Box from which restart means are drawn uniformly (default: `bounds`, else every run restarts from `mean`). */
  readonly restartBox?: readonly (readonly [number, number])[];
  /** Population growth factor of the large-population regime (default 2). */
  readonly incPopSize?: number;
  /** Most restarts (default 9, as in the BBOB runs of IPOP-CMA-ES). */
  readonly maxRestarts?: number;
}

/** One finished run of a restart strategy. */
export interface RestartRecord {
  readonly populationSize: number;
  readonly evaluations: number;
  readonly reason: CmaesStopReason | 'maxrestarts';
  readonly best: number;
}

/**
 * IPOP- or BIPOP-CMA-ES as one ask/tell optimizer: whenever the current CMA-ES run meets a
 * termination criterion it starts a new one (larger population; for BIPOP alternately a small
 * population with a smaller step size, whichever regime has used fewer evaluations).
 */
export class RestartCMAES implements VectorOptimizer {
  readonly dimension: number;
  private readonly base: CmaesOptions;
  private readonly strategy: 'ipop' | 'bipop';
  private readonly key: Key;
  private readonly box: { lower: Float64Array; upper: Float64Array } | undefined;
  private readonly defaultLambda: number;
  private readonly incPopSize: number;
  private readonly maxRestarts: number;
  private run: CMAES;
  private restartsDone = 0;
  private largeRuns = 0;
  private largeEvals = 0;
  private smallEvals = 0;
  private currentIsLarge = true;
  private evals = 0;
  private nans = 0;
  private readonly tracker = new BestTracker();
  /** Finished runs, oldest first. */
  readonly history: RestartRecord[] = [];

  constructor(options: RestartCmaesOptions) {
    if (options?.strategy !== 'ipop' && options?.strategy !== 'bipop') {
      throw new MetatuneError('INVALID_ARGUMENT', `RestartCMAES: strategy must be 'ipop' or 'bipop', got ${JSON.stringify(options?.strategy)}`);
    }
    this.strategy = options.strategy;
    this.base = options;
    const seed = options.seed ?? 0;
    this.key = typeof seed === 'number' ? makeKey(seed) : seed;
    this.run = new CMAES({ ...options, seed: foldIn(this.key, 0) });
    this.dimension = this.run.dimension;
    this.defaultLambda = this.run.populationSize;
    this.box = toBounds(options.restartBox ?? options.bounds, this.dimension, 'RestartCMAES');
    this.incPopSize = options.incPopSize ?? 2;
    if (!(this.incPopSize > 1)) throw new MetatuneError('INVALID_ARGUMENT', `RestartCMAES: incPopSize must be > 1, got ${this.incPopSize}`);
    this.maxRestarts = checkInt(options.maxRestarts ?? 9, 0, 'RestartCMAES: maxRestarts');
  }

  /** The CMA-ES run in progress. */
  get current(): CMAES {
    return this.run;
  }

  /** Restarts so far. */
  get restarts(): number {
    return this.restartsDone;
  }

  ask(): Float64Array[] {
    return this.run.ask();
  }

  tell(xs: readonly ArrayLike<number>[], fs: ArrayLike<number>): void {
    const before = this.run.nanCount;
    this.run.tell(xs, fs);
    this.nans += this.run.nanCount - before;
    this.evals += xs.length;
    xs.forEach((x, i) => this.tracker.offer(x, Number(fs[i])));
    if (this.currentIsLarge) this.largeEvals += xs.length;
    else this.smallEvals += xs.length;
    const reason = this.run.stopReason();
    if (reason !== undefined && this.restartsDone < this.maxRestarts) this.restart(reason);
  }

  private restart(reason: CmaesStopReason): void {
    this.history.push({ populationSize: this.run.populationSize, evaluations: this.run.evaluations, reason, best: this.run.best?.f ?? Number.NaN });
    this.restartsDone++;
    const rng = new Rng(foldIn(this.key, 1_000_000 + this.restartsDone));
    const mean = this.box
      ? Float64Array.from({ length: this.dimension }, (_, i) => rng.between(this.box!.lower[i], this.box!.upper[i]))
      : checkVector(this.base.mean, this.dimension, 'RestartCMAES: mean');
    let populationSize: number;
    let sigma = this.base.sigma;
    const large = this.strategy === 'ipop' || this.largeRuns === 0 || this.largeEvals <= this.smallEvals;
    if (large) {
      this.largeRuns++;
      populationSize = Math.round(this.defaultLambda * this.incPopSize ** this.largeRuns);
    } else {
      // BIPOP small regime: lambda_s = lambda_def (lambda_large / (2 lambda_def))^(u^2), sigma = sigma0 10^(-2u).
      const u = rng.uniform();
      const lambdaLarge = this.defaultLambda * this.incPopSize ** this.largeRuns;
      populationSize = Math.max(2, Math.floor(this.defaultLambda * (lambdaLarge / (2 * this.defaultLambda)) ** (u * u)));
      sigma = this.base.sigma * 10 ** (-2 * u);
    }
    this.currentIsLarge = large;
    this.run = new CMAES({ ...this.base, mean, sigma, populationSize, covariance: undefined, seed: foldIn(this.key, this.restartsDone) });
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
