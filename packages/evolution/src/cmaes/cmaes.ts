import { type Key, MetatuneError, Rng, foldIn, makeKey } from '@metatune/core';
import { symmetricEigenQL } from '../util/eigen-ql';
import { mirroredOrthogonalSteps } from './mirrored-orthogonal';
import { argsort, sanitizeFitness } from '../util/fitness';
import { normalQuantile } from '../util/normal';
import { BestTracker, type VectorOptimizer } from '../util/optimizer';
import { type Bounds, checkInt, checkPositive, checkRange, checkVector, toBounds } from '../util/validate';

/** Options of {@link CMAES}. */
export interface CmaesOptions {
  /** Initial mean (x0). */
  readonly mean: ArrayLike<number>;
  /** Initial step size (> 0), in the units of x. */
  readonly sigma: number;
  /** Offspring per generation, lambda >= 2 (default 4 + floor(3 ln d), Hansen's default). */
  readonly populationSize?: number;
  /** Seed or key; the same seed gives the same run. Default 0. */
  readonly seed?: number | Key;
  /** Box constraints, one [low, high] per dimension. Points are resampled, then clipped. */
  readonly bounds?: readonly (readonly [number, number])[];
  /** Separable CMA-ES (diagonal covariance, learning rates x (d+2)/3; Ros & Hansen 2008). */
  readonly diagonal?: boolean;
  /** Initial covariance (row-major d x d, symmetric positive definite), e.g. from a warm start. Default I. */
  readonly covariance?: ArrayLike<number>;
  /**
   * Widths of the discretisation bins of integer (or otherwise discretised) coordinates, by index;
   * 0 or absent for continuous ones. Enables the margin (Hamano et al. 2022): the marginal
   * standard deviation of such a coordinate is kept large enough that a sample leaves the mean's
   * bin with probability >= `margin`, so CMA-ES does not freeze on a plateau.
   */
  readonly discreteWidths?: ArrayLike<number>;
  /** Margin probability for discrete coordinates (default 1 / (d * lambda)). */
  readonly margin?: number;
  /** Resampling attempts per point before clipping into the bounds (default 100). */
  readonly maxResample?: number;
  /**
   * Active covariance update with negative weights for the worst offspring (Hansen's current
   * default, as in the `cmaes` library Optuna uses; default true). false gives the classic
   * positive-weights update of deap and of the 2001 paper.
   */
  readonly activeCovariance?: boolean;
  /**
   * Lazy eigendecomposition: C is decomposed again once more than
   * `eigenUpdateGap * lambda / ((c1 + cmu) n)` evaluations have passed since the last time
   * (default 0.25: every generation up to n ~ 15 at the default lambda, every 2nd at n = 20; 0
   * decomposes every generation, as deap and the `cmaes` library do; Hansen's tutorial code uses
   * 0.1). The O(n^3) decomposition dominates the optimizer's own time beyond n ~ 10; C itself is
   * updated every generation either way. 0.5 was measured too: faster still, but it slowed the
   * warm start on an ill-conditioned 10-D ellipsoid (its initial C is far from the identity).
   */
  readonly eigenUpdateGap?: number;
  /**
   * How a generation's standard-normal steps are drawn (default 'mirrored-orthogonal').
   * 'independent': lambda independent Gaussian vectors, as in Hansen's tutorial, deap and the
   * `cmaes` library. 'mirrored-orthogonal' (Wang, Emmerich and Bäck 2019): half of them made
   * mutually orthogonal, the other half their negatives; each step is still N(0, I). Measured with
   * the default lambda (tools/bench/evolution): 0.6-0.7x the evaluations to 1e-8 on the unimodal
   * functions in 10-D and 20-D, IPOP solving Rastrigin-20 in 10 of 10 seeds instead of 1, and a
   * lower median regret on all five HPO functions at budgets of 50-200 trials. Unlike the paper,
   * the worse of a mirrored pair is not dropped (pairwise selection): when both members of a pair
   * are selected their steps cancel in the mean, which makes the step size somewhat smaller than
   * with independent steps; that measured better here (sphere, noisy sphere, HPO functions),
   * and the step size still grows on a linear function.
   */
  readonly sampling?: 'mirrored-orthogonal' | 'independent';
}

/** Why a run should stop (Hansen's termination criteria), or undefined. */
export type CmaesStopReason = 'tolfun' | 'tolx' | 'conditioncov' | 'noeffectaxis' | 'noeffectcoord' | 'tolstagnation';

/**
 * CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial") with the standard parameter
 * settings, full covariance in Float64 with a lazily updated Householder + QL eigendecomposition, or
 * separable (diagonal) covariance for high dimension. Minimises.
 *
 * @example
 * const es = new CMAES({ mean: new Float64Array(10).fill(3), sigma: 2, seed: 1 });
 * while (es.best === undefined || es.best.f > 1e-8) {
 *   const xs = es.ask();
 *   es.tell(xs, xs.map((x) => x.reduce((s, v) => s + v * v, 0)));
 * }
 */
export class CMAES implements VectorOptimizer {
  readonly dimension: number;
  readonly populationSize: number;
  /** Parents mu. */
  readonly mu: number;
  /** Recombination weights (positive, sum 1). */
  readonly weights: Float64Array;
  /** Variance-effective selection mass. */
  readonly mueff: number;
  readonly diagonal: boolean;
  /** Active CMA: the worst offspring get negative weights in the covariance update. */
  readonly active: boolean;
  private readonly negativeWeights: Float64Array;
  private readonly cc: number;
  private readonly cs: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly damps: number;
  private readonly chiN: number;
  private readonly key: Key;
  private readonly bounds: Bounds | undefined;
  private readonly maxResample: number;
  private readonly sigma0: number;
  private readonly discrete: Float64Array | undefined;
  private readonly marginStd: number;
  private readonly eigenGap: number;
  private readonly sampling: 'mirrored-orthogonal' | 'independent';

  /** Current mean. */
  readonly mean: Float64Array;
  /** Current step size. */
  sigma: number;
  private readonly C: Float64Array; // n x n, or n (diagonal)
  private B: Float64Array; // eigenvectors (columns), n x n (unused when diagonal)
  private D: Float64Array; // sqrt of eigenvalues (or of diag C)
  private BD: Float64Array; // B diag(D), the sampling transform (unused when diagonal)
  private readonly pc: Float64Array;
  private readonly ps: Float64Array;
  /** Margin scaling of the discrete coordinates (1 for continuous). */
  private readonly A: Float64Array;
  private eigenAt = 0;
  private minEigen: number | undefined;
  private rng: Rng | undefined;
  private asked: { generation: number; points: Float64Array[] } | undefined;
  /** Generations completed. */
  generation = 0;
  private evals = 0;
  private nans = 0;
  private readonly tracker = new BestTracker();
  private readonly bestHistory: number[] = [];
  private lastFitness: Float64Array = new Float64Array(0);

  constructor(options: CmaesOptions) {
    if (options === null || typeof options !== 'object') throw new MetatuneError('INVALID_ARGUMENT', 'CMAES needs options { mean, sigma }');
    const n = options.mean?.length ?? 0;
    checkInt(n, 1, 'CMAES: the dimension (length of mean)', 'pass mean as a vector with one entry per coordinate');
    this.dimension = n;
    this.mean = checkVector(options.mean, n, 'CMAES: mean');
    this.sigma = checkPositive(options.sigma, 'CMAES: sigma', 'about 1/4 to 1/3 of the search range; e.g. 0.3 for [0, 1]');
    this.sigma0 = this.sigma;
    const lambda = options.populationSize ?? 4 + Math.floor(3 * Math.log(n));
    this.populationSize = checkInt(lambda, 2, 'CMAES: populationSize', 'use at least 2; the default is 4 + floor(3 ln d)');
    this.bounds = toBounds(options.bounds, n, 'CMAES');
    if (this.bounds) {
      for (let i = 0; i < n; i++) {
        if (this.mean[i] < this.bounds.lower[i] || this.mean[i] > this.bounds.upper[i]) {
          throw new MetatuneError('INVALID_ARGUMENT', `CMAES: mean[${i}] = ${this.mean[i]} is outside its bounds [${this.bounds.lower[i]}, ${this.bounds.upper[i]}]`, {
            hint: 'start inside the box, e.g. at its centre',
          });
        }
      }
    }
    this.sampling = options.sampling ?? 'mirrored-orthogonal';
    if (this.sampling !== 'mirrored-orthogonal' && this.sampling !== 'independent') {
      throw new MetatuneError('INVALID_ARGUMENT', `CMAES: sampling must be 'mirrored-orthogonal' or 'independent', got ${String(this.sampling)}`);
    }
    this.maxResample = checkInt(options.maxResample ?? 100, 0, 'CMAES: maxResample');
    this.diagonal = options.diagonal ?? false;
    const seed = options.seed ?? 0;
    this.key = typeof seed === 'number' ? makeKey(seed) : seed;

    // Hansen's default strategy parameters (2016 tutorial, eqs. 49-58): lambda weights, the mu best
    // positive (summing to 1) and, with active CMA, the rest negative for the covariance update.
    this.mu = Math.floor(this.populationSize / 2);
    const raw = Float64Array.from({ length: this.populationSize }, (_, i) => Math.log((this.populationSize + 1) / 2) - Math.log(i + 1));
    const posSum = raw.slice(0, this.mu).reduce((s, w) => s + w, 0);
    this.weights = raw.slice(0, this.mu).map((w) => w / posSum);
    this.mueff = 1 / this.weights.reduce((s, w) => s + w * w, 0);
    const mueff = this.mueff;
    const negRaw = raw.slice(this.mu).filter((w) => w < 0);
    this.cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
    this.cs = (mueff + 2) / (n + mueff + 5);
    let c1 = 2 / ((n + 1.3) ** 2 + mueff);
    let cmu = Math.min(1 - c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
    if (this.diagonal) {
      // sep-CMA-ES: a diagonal matrix has n free parameters, so it can learn (n + 2) / 3 times faster.
      const boost = (n + 2) / 3;
      c1 = Math.min(1, c1 * boost);
      cmu = Math.min(1 - c1, cmu * boost);
    }
    this.c1 = c1;
    this.cmu = cmu;
    this.active = (options.activeCovariance ?? true) && negRaw.length > 0;
    if (this.active) {
      const negSum = negRaw.reduce((s, w) => s - w, 0);
      const mueffNeg = negSum ** 2 / negRaw.reduce((s, w) => s + w * w, 0);
      const scale = Math.min(1 + c1 / cmu, 1 + (2 * mueffNeg) / (mueff + 2), (1 - c1 - cmu) / (n * cmu));
      this.negativeWeights = negRaw.map((w) => (w * scale) / negSum);
    } else {
      this.negativeWeights = new Float64Array(0);
    }
    this.eigenGap = (checkRange(options.eigenUpdateGap ?? 0.25, 0, 1e6, 'CMAES: eigenUpdateGap') * this.populationSize) / (c1 + cmu) / n;
    this.damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + this.cs;
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));

    this.pc = new Float64Array(n);
    this.ps = new Float64Array(n);
    this.C = this.diagonal ? new Float64Array(n).fill(1) : identity(n);
    this.B = this.diagonal ? new Float64Array(0) : identity(n);
    this.D = new Float64Array(n).fill(1);
    this.BD = this.diagonal ? new Float64Array(0) : identity(n);
    if (options.covariance !== undefined) this.setCovariance(options.covariance);

    this.A = new Float64Array(n).fill(1);
    if (options.discreteWidths !== undefined) {
      const w = checkVector(options.discreteWidths, n, 'CMAES: discreteWidths');
      if (w.some((v) => v < 0)) throw new MetatuneError('INVALID_ARGUMENT', 'CMAES: discreteWidths must be >= 0 (0 = continuous)');
      this.discrete = w.some((v) => v > 0) ? w : undefined;
    }
    const margin = checkRange(options.margin ?? 1 / (n * this.populationSize), 1e-12, 0.5, 'CMAES: margin');
    // A sample leaves a bin of width w centred on the mean with probability 2 (1 - Phi(w / 2s)).
    this.marginStd = 1 / (2 * normalQuantile(1 - margin / 2));
    this.applyMargin();
  }

  private setCovariance(cov: ArrayLike<number>): void {
    const n = this.dimension;
    if (this.diagonal) {
      if (cov.length !== n && cov.length !== n * n) throw new MetatuneError('SHAPE_MISMATCH', `CMAES: a diagonal covariance needs ${n} (or ${n * n}) entries, got ${cov.length}`);
      for (let i = 0; i < n; i++) this.C[i] = cov.length === n ? cov[i] : cov[i * n + i];
    } else {
      if (cov.length !== n * n) throw new MetatuneError('SHAPE_MISMATCH', `CMAES: covariance needs ${n * n} entries (row-major ${n} x ${n}), got ${cov.length}`);
      for (let i = 0; i < n * n; i++) this.C[i] = cov[i];
    }
    this.updateEigen();
    const diagBad = this.diagonal && !this.C.every((c) => c > 0);
    if (diagBad || this.minEigen !== undefined || !this.D.every(Number.isFinite)) {
      throw new MetatuneError('INVALID_ARGUMENT', 'CMAES: covariance must be symmetric positive definite', { hint: 'add a small multiple of the identity' });
    }
  }

  private updateEigen(): void {
    const n = this.dimension;
    if (this.diagonal) {
      for (let i = 0; i < n; i++) this.D[i] = Math.sqrt(Math.max(this.C[i], 1e-300));
    } else {
      // Householder + QL: 2x (n = 20) to 2.5x (n = 40) faster than Jacobi started from the previous
      // eigenvectors, and this runs about every generation from n = 20 on.
      const { values, vectors } = symmetricEigenQL(this.C, n);
      this.B = vectors;
      if (!(values[0] > 0)) this.minEigen = values[0];
      for (let i = 0; i < n; i++) this.D[i] = Math.sqrt(Math.max(values[i], 1e-300));
      for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) this.BD[i * n + k] = this.B[i * n + k] * this.D[k];
    }
    this.eigenAt = this.evals;
  }

  /** Sets the margin scaling so each discrete coordinate keeps a minimum marginal deviation. */
  private applyMargin(): void {
    if (!this.discrete) return;
    for (let i = 0; i < this.dimension; i++) {
      const w = this.discrete[i];
      if (w <= 0) continue;
      const std = this.sigma * Math.sqrt(this.diagonal ? this.C[i] : this.C[i * this.dimension + i]);
      this.A[i] = Math.max(1, (w * this.marginStd) / std);
    }
  }

  /** y = B D z (or D z when diagonal). */
  private transform(z: Float64Array, out: Float64Array): void {
    const n = this.dimension;
    if (this.diagonal) {
      for (let i = 0; i < n; i++) out[i] = this.D[i] * z[i];
      return;
    }
    const bd = this.BD;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let k = 0; k < n; k++) s += bd[row + k] * z[k];
      out[i] = s;
    }
  }

  private inBounds(x: Float64Array): boolean {
    if (!this.bounds) return true;
    for (let i = 0; i < x.length; i++) if (x[i] < this.bounds.lower[i] || x[i] > this.bounds.upper[i]) return false;
    return true;
  }

  /**
   * The next generation; deterministic in (seed, sequence of tells). Asking again before `tell`
   * returns the same points (they are cached), so a replaying sampler can ask freely.
   */
  ask(): Float64Array[] {
    if (this.asked?.generation === this.generation) return this.asked.points.map((x) => Float64Array.from(x));
    const n = this.dimension;
    // One stream for the whole run: a fresh Rng per generation would cost a 512-word threefry block each time.
    const rng = (this.rng ??= new Rng(foldIn(this.key, 0)));
    const z = new Float64Array(n);
    const y = new Float64Array(n);
    const out: Float64Array[] = [];
    const steps = this.sampling === 'mirrored-orthogonal' ? mirroredOrthogonalSteps(rng, n, this.populationSize) : undefined;
    for (let k = 0; k < this.populationSize; k++) {
      const x = new Float64Array(n);
      for (let attempt = 0; ; attempt++) {
        // A point that left the bounds is redrawn with an independent step: its mirrored or
        // orthogonal step is fixed by the rest of the generation and cannot be drawn again.
        if (steps && attempt === 0) z.set(steps[k]);
        else for (let i = 0; i < n; i++) z[i] = rng.normal();
        this.transform(z, y);
        for (let i = 0; i < n; i++) x[i] = this.mean[i] + this.sigma * this.A[i] * y[i];
        if (this.inBounds(x) || attempt >= this.maxResample) break;
      }
      if (this.bounds) for (let i = 0; i < n; i++) x[i] = Math.min(this.bounds.upper[i], Math.max(this.bounds.lower[i], x[i]));
      out.push(x);
    }
    this.asked = { generation: this.generation, points: out.map((x) => Float64Array.from(x)) };
    return out;
  }

  /** Updates mean, paths, covariance and step size from a generation (any number >= mu of points). */
  tell(xs: readonly ArrayLike<number>[], fs: ArrayLike<number>): void {
    const n = this.dimension;
    if (xs.length < this.mu) {
      throw new MetatuneError('INVALID_ARGUMENT', `CMAES: tell needs at least mu = ${this.mu} points, got ${xs.length}`, { hint: 'tell a whole generation from ask()' });
    }
    const { values, nanCount } = sanitizeFitness(fs, xs.length, 'CMAES');
    this.nans += nanCount;
    const lambda = xs.length;
    for (let k = 0; k < lambda; k++) checkPoint(xs[k], n, k);
    for (let k = 0; k < lambda; k++) this.tracker.offer(xs[k], Number(fs[k]));
    this.evals += lambda;
    const order = argsort(values);
    this.lastFitness = values;
    this.bestHistory.push(values[order[0]]);

    // Steps y_k = (x_k - m) / (sigma A), best first, in one flat buffer; recomputed from the points
    // so that told points need not be ours (a sampler tells what its trials actually ran).
    const ys = new Float64Array(lambda * n);
    for (let r = 0; r < lambda; r++) {
      const x = xs[order[r]];
      for (let i = 0; i < n; i++) ys[r * n + i] = (x[i] - this.mean[i]) / (this.sigma * this.A[i]);
    }
    const yw = new Float64Array(n);
    for (let r = 0; r < this.mu; r++) {
      const w = this.weights[r];
      for (let i = 0; i < n; i++) yw[i] += w * ys[r * n + i];
    }
    for (let i = 0; i < n; i++) this.mean[i] += this.sigma * this.A[i] * yw[i];

    const invSqrtYw = this.invSqrt(yw);
    const csn = Math.sqrt(this.cs * (2 - this.cs) * this.mueff);
    let psNorm2 = 0;
    for (let i = 0; i < n; i++) {
      this.ps[i] = (1 - this.cs) * this.ps[i] + csn * invSqrtYw[i];
      psNorm2 += this.ps[i] * this.ps[i];
    }
    const psNorm = Math.sqrt(psNorm2);
    const hsig = psNorm / Math.sqrt(1 - (1 - this.cs) ** (2 * (this.generation + 1))) / this.chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const ccn = Math.sqrt(this.cc * (2 - this.cc) * this.mueff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i] + hsig * ccn * yw[i];

    // Rows of the rank-mu update: the mu best with their weights, then (active CMA) the worst with
    // negative weights rescaled by n / |C^{-1/2} y|^2 so they cannot break positive definiteness.
    const nNeg = this.active ? this.negativeWeights.length : 0;
    const rows: number[] = [];
    const rankW: number[] = [];
    for (let r = 0; r < this.mu; r++) {
      rows.push(r * n);
      rankW.push(this.weights[r]);
    }
    for (let k = 0; k < nNeg; k++) {
      const r = lambda - nNeg + k;
      if (r < this.mu) continue; // a short generation: the worst rows may be among the mu best
      rows.push(r * n);
      rankW.push((this.negativeWeights[k] * n) / Math.max(this.mahalanobis2(ys, r * n), 1e-300));
    }
    const weightSum = 1 + (nNeg > 0 ? this.negativeWeights.reduce((a, w) => a + w, 0) : 0);
    const decay = 1 + this.c1 * (1 - hsig) * this.cc * (2 - this.cc) - this.c1 - this.cmu * weightSum;
    const m = rows.length;
    if (this.diagonal) {
      for (let i = 0; i < n; i++) {
        let rankMu = 0;
        for (let k = 0; k < m; k++) rankMu += rankW[k] * ys[rows[k] + i] * ys[rows[k] + i];
        this.C[i] = decay * this.C[i] + this.c1 * this.pc[i] * this.pc[i] + this.cmu * rankMu;
      }
    } else {
      const C = this.C;
      // The selected steps by coordinate (y[i * m + k]) and weighted (wy), so that the O(n^2 m)
      // loop below reads contiguous memory.
      const y = new Float64Array(n * m);
      const wy = new Float64Array(n * m);
      for (let k = 0; k < m; k++) {
        for (let i = 0; i < n; i++) {
          y[i * m + k] = ys[rows[k] + i];
          wy[i * m + k] = rankW[k] * ys[rows[k] + i];
        }
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let rankMu = 0;
          for (let k = 0; k < m; k++) rankMu += wy[i * m + k] * y[j * m + k];
          const v = decay * C[i * n + j] + this.c1 * this.pc[i] * this.pc[j] + this.cmu * rankMu;
          C[i * n + j] = v;
          C[j * n + i] = v;
        }
      }
    }
    this.sigma *= Math.exp(Math.min(1, (this.cs / this.damps) * (psNorm / this.chiN - 1)));
    this.generation++;

    // Lazy eigendecomposition: O(n^3) only every eigenGap evaluations; between two, samples use the
    // previous B and D while C itself is updated every generation.
    if (this.diagonal || this.evals - this.eigenAt > this.eigenGap) this.updateEigen();
    this.applyMargin();
  }

  /** |C^{-1/2} y|^2 = |D^-1 B^T y|^2 (B is orthogonal) for y = buf[at .. at + n). */
  private mahalanobis2(buf: Float64Array, at: number): number {
    const n = this.dimension;
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      let s = 0;
      if (this.diagonal) s = buf[at + k];
      else for (let i = 0; i < n; i++) s += this.B[i * n + k] * buf[at + i];
      s /= this.D[k];
      s2 += s * s;
    }
    return s2;
  }

  /** C^{-1/2} y = B D^-1 B^T y (y / D when separable). */
  private invSqrt(y: Float64Array): Float64Array {
    const n = this.dimension;
    const out = new Float64Array(n);
    if (this.diagonal) {
      for (let i = 0; i < n; i++) out[i] = y[i] / this.D[i];
      return out;
    }
    const t = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += this.B[i * n + k] * y[i];
      t[k] = s / this.D[k];
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += this.B[i * n + k] * t[k];
      out[i] = s;
    }
    return out;
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

  /** sigma * sqrt(largest eigenvalue of C): the scale of the search distribution. */
  get scale(): number {
    return this.sigma * Math.max(...this.D);
  }

  /** A copy of the covariance (row-major n x n; the diagonal as a vector when separable). */
  covariance(): Float64Array {
    return Float64Array.from(this.C);
  }

  /** Hansen's termination criteria (tolerances relative to sigma0 where he uses them). */
  stopReason(options: { tolFun?: number; tolX?: number } = {}): CmaesStopReason | undefined {
    const n = this.dimension;
    const tolFun = options.tolFun ?? 1e-12;
    const tolX = options.tolX ?? 1e-12 * this.sigma0;
    const window = 10 + Math.ceil((30 * n) / this.populationSize);
    if (this.bestHistory.length >= window) {
      const recent = this.bestHistory.slice(-window);
      let lo = Math.min(...recent);
      let hi = Math.max(...recent);
      for (const v of this.lastFitness) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (hi - lo < tolFun) return 'tolfun';
    }
    let allSmall = true;
    for (let i = 0; i < n; i++) {
      const cii = this.diagonal ? this.C[i] : this.C[i * n + i];
      if (this.sigma * this.A[i] * Math.max(Math.abs(this.pc[i]), Math.sqrt(cii)) >= tolX) allSmall = false;
    }
    if (allSmall) return 'tolx';
    const dMax = Math.max(...this.D);
    const dMin = Math.min(...this.D);
    if ((dMax / dMin) ** 2 > 1e14) return 'conditioncov';
    const axis = this.generation % n;
    let noEffect = true;
    for (let i = 0; i < n; i++) {
      const dir = this.diagonal ? (i === axis ? 1 : 0) : this.B[i * n + axis];
      if (this.mean[i] + 0.1 * this.sigma * this.D[axis] * dir !== this.mean[i]) noEffect = false;
    }
    if (noEffect) return 'noeffectaxis';
    for (let i = 0; i < n; i++) {
      const cii = this.diagonal ? this.C[i] : this.C[i * n + i];
      if (this.mean[i] + 0.2 * this.sigma * Math.sqrt(cii) === this.mean[i]) return 'noeffectcoord';
    }
    const stagnation = 120 + Math.ceil((30 * n) / this.populationSize);
    if (this.bestHistory.length > stagnation) {
      const h = this.bestHistory.slice(-stagnation);
      const k = Math.max(20, Math.ceil(0.3 * h.length));
      if (median(h.slice(-k)) >= median(h.slice(0, k)) && median(h.slice(-k)) !== -Infinity) return 'tolstagnation';
    }
    return undefined;
  }
}

/** Checks a told point's length and finiteness without copying it. */
function checkPoint(x: ArrayLike<number>, n: number, k: number): void {
  if (x?.length !== n) throw new MetatuneError('SHAPE_MISMATCH', `CMAES: point ${k} has length ${x?.length}, expected ${n}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) throw new MetatuneError('NON_FINITE', `CMAES: point ${k}[${i}] must be finite, got ${x[i]}`);
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}
