import { cholesky, solveLower, solveUpperT } from '../linalg/cholesky';
import { kernelMatrix, matern52, scaledSqDist } from './kernel';

/** GP hyperparameters, on the scale the model uses (standardized outputs, unit-cube inputs). */
export interface GpHyperparameters {
  /** One length scale per input feature. */
  readonly lengthscales: Float64Array;
  /** Signal variance of the Matern kernel. */
  readonly outputscale: number;
  /** Observation noise variance. */
  readonly noise: number;
  /** Constant prior mean. */
  readonly mean: number;
}

/** Posterior mean and variance of the latent function at some points. */
export interface Posterior {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/**
 * An exact GP posterior, conditioned on `n` points (rows of X, n x d, row-major) with outputs y.
 * Factorises the kernel matrix once (Cholesky with jitter escalation) and predicts the latent,
 * noise-free function: mean = c + k*^T K^{-1} (y - c), var = s - k*^T K^{-1} k*.
 */
export class GpModel {
  readonly n: number;
  readonly d: number;
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly hyper: GpHyperparameters;
  /** Cholesky factor of K + noise I. */
  readonly L: Float64Array;
  /** (K + noise I)^{-1} (y - c). */
  readonly alpha: Float64Array;
  readonly jitter: number;
  private readonly invLs: Float64Array;

  constructor(X: Float64Array, y: Float64Array, d: number, hyper: GpHyperparameters) {
    this.n = y.length;
    this.d = d;
    this.X = X;
    this.y = y;
    this.hyper = hyper;
    this.invLs = hyper.lengthscales.map((l) => 1 / l);
    const K = kernelMatrix(X, this.n, d, this.invLs, hyper.outputscale);
    for (let i = 0; i < this.n; i++) K[i * this.n + i] += hyper.noise;
    const f = cholesky(K, this.n);
    this.L = f.L;
    this.jitter = f.jitter;
    const r = y.map((v) => v - hyper.mean);
    solveLower(this.L, this.n, r);
    this.alpha = solveUpperT(this.L, this.n, r);
  }

  /** Posterior of the latent function at `m` points (rows of Xs, m x d). */
  predict(Xs: Float64Array, m: number): Posterior {
    const { n, d } = this;
    const mean = new Float64Array(m);
    const variance = new Float64Array(m);
    const k = new Float64Array(n);
    const s = this.hyper.outputscale;
    for (let p = 0; p < m; p++) {
      let mu = this.hyper.mean;
      for (let a = 0; a < n; a++) {
        k[a] = s * matern52(Math.sqrt(scaledSqDist(this.X, a, Xs, p * d, this.invLs, d)));
        mu += k[a] * this.alpha[a];
      }
      solveLower(this.L, n, k);
      let q = 0;
      for (let a = 0; a < n; a++) q += k[a] * k[a];
      mean[p] = mu;
      variance[p] = Math.max(s - q, 1e-12 * s);
    }
    return { mean, variance };
  }
}
