import { type Key, Rng } from '@metatune/core';
import { cholesky, inverseFromCholesky, logDetFromCholesky, solveLower, solveUpperT } from '../linalg/cholesky';
import { minimizeLbfgs } from '../linalg/lbfgs';
import { matern52, matern52Slope } from './kernel';
import { GpModel, type GpHyperparameters } from './model';

/**
 * Priors of the MAP fit, in log space (so each is a log-normal on the positive parameter):
 * - length scales: log l ~ N(sqrt(2) + log(d) / 2, sqrt(3)) (Hvarfner, Hellsten & Nardi 2024,
 *   BoTorch's default since 0.12): long length scales a priori, growing with the dimension;
 * - output scale: log s ~ N(0, 1) (outputs are standardized);
 * - noise: log noise ~ N(-4, 1) (BoTorch's default), bounded below by 1e-6;
 * - constant mean: c ~ N(0, 1).
 */
export interface GpPriors {
  /** Prior mean of log l, the same for every feature or one per feature. */
  readonly lengthscaleLoc: number | Float64Array;
  readonly lengthscaleScale: number;
  readonly outputscaleLoc: number;
  readonly outputscaleScale: number;
  readonly noiseLoc: number;
  readonly noiseScale: number;
  readonly meanScale: number;
}

/** The default priors for `d` input features. */
export function defaultPriors(d: number): GpPriors {
  return {
    lengthscaleLoc: Math.SQRT2 + 0.5 * Math.log(d),
    lengthscaleScale: Math.sqrt(3),
    outputscaleLoc: 0,
    outputscaleScale: 1,
    noiseLoc: -4,
    noiseScale: 1,
    meanScale: 1,
  };
}

/** Box bounds on the unconstrained vector theta = [log l_1..d, log s, log noise, c]. */
export function thetaBounds(d: number, minNoise = 1e-6): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(d + 3);
  const upper = new Float64Array(d + 3);
  for (let j = 0; j < d; j++) {
    lower[j] = Math.log(5e-3);
    upper[j] = Math.log(1e3);
  }
  lower[d] = Math.log(1e-2);
  upper[d] = Math.log(1e2);
  lower[d + 1] = Math.log(minNoise);
  upper[d + 1] = Math.log(2);
  lower[d + 2] = -5;
  upper[d + 2] = 5;
  return { lower, upper };
}

/** theta -> hyperparameters. */
export function thetaToHyper(theta: ArrayLike<number>, d: number): GpHyperparameters {
  const lengthscales = new Float64Array(d);
  for (let j = 0; j < d; j++) lengthscales[j] = Math.exp(theta[j]);
  return { lengthscales, outputscale: Math.exp(theta[d]), noise: Math.exp(theta[d + 1]), mean: theta[d + 2] };
}

/** hyperparameters -> theta. */
export function hyperToTheta(h: GpHyperparameters): Float64Array {
  const d = h.lengthscales.length;
  const t = new Float64Array(d + 3);
  for (let j = 0; j < d; j++) t[j] = Math.log(h.lengthscales[j]);
  t[d] = Math.log(h.outputscale);
  t[d + 1] = Math.log(h.noise);
  t[d + 2] = h.mean;
  return t;
}

/** Pairwise squared differences per feature, pair (a > b) at index (a(a-1)/2 + b) * d + j. */
export function pairwiseSqDiffs(X: Float64Array, n: number, d: number): Float64Array {
  const D = new Float64Array(((n * (n - 1)) / 2) * d);
  let p = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < a; b++) {
      for (let j = 0; j < d; j++) {
        const t = X[a * d + j] - X[b * d + j];
        D[p++] = t * t;
      }
    }
  }
  return D;
}

/**
 * Negative log posterior (negative log marginal likelihood minus log priors, up to a constant)
 * of theta, and its exact gradient: dNLL/dtheta = 0.5 tr((K^{-1} - alpha alpha^T) dK/dtheta).
 * Returns Infinity when the kernel matrix cannot be factorised.
 */
export function negLogPosterior(
  theta: Float64Array,
  D: Float64Array,
  y: Float64Array,
  d: number,
  priors: GpPriors,
): { value: number; grad: Float64Array } {
  const n = y.length;
  const grad = new Float64Array(d + 3);
  const invLs2 = new Float64Array(d);
  for (let j = 0; j < d; j++) invLs2[j] = Math.exp(-2 * theta[j]);
  const s = Math.exp(theta[d]);
  const noise = Math.exp(theta[d + 1]);
  const c = theta[d + 2];
  const K = new Float64Array(n * n);
  const slope = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let a = 0; a < n; a++) {
    K[a * n + a] = s + noise;
    for (let b = 0; b < a; b++, p++) {
      let r2 = 0;
      const off = p * d;
      for (let j = 0; j < d; j++) r2 += D[off + j] * invLs2[j];
      const r = Math.sqrt(r2);
      const k = s * matern52(r);
      K[a * n + b] = k;
      K[b * n + a] = k;
      slope[p] = s * matern52Slope(r);
    }
  }
  let L: Float64Array;
  try {
    L = cholesky(K, n, { maxRelativeJitter: 1e-4 }).L;
  } catch {
    return { value: Number.POSITIVE_INFINITY, grad };
  }
  const r = y.map((v) => v - c);
  solveLower(L, n, r);
  let quad = 0;
  for (let i = 0; i < n; i++) quad += r[i] * r[i];
  const alpha = solveUpperT(L, n, r);
  let value = 0.5 * quad + 0.5 * logDetFromCholesky(L, n) + 0.5 * n * Math.log(2 * Math.PI);
  const W = inverseFromCholesky(L, n);
  // W <- K^{-1} - alpha alpha^T (only the lower triangle and diagonal are read below).
  let trW = 0;
  let gS = 0;
  p = 0;
  for (let a = 0; a < n; a++) {
    const wa = W[a * n + a] - alpha[a] * alpha[a];
    trW += wa;
    gS += 0.5 * wa * s;
    for (let b = 0; b < a; b++, p++) {
      const w = W[a * n + b] - alpha[a] * alpha[b];
      gS += w * K[a * n + b];
      const ws = w * slope[p];
      const off = p * d;
      for (let j = 0; j < d; j++) grad[j] += ws * D[off + j] * invLs2[j];
    }
  }
  grad[d] = gS;
  grad[d + 1] = 0.5 * noise * trW;
  let sumAlpha = 0;
  for (let i = 0; i < n; i++) sumAlpha += alpha[i];
  grad[d + 2] = -sumAlpha;
  // Priors (negative log densities, constants dropped).
  for (let j = 0; j < d; j++) {
    const loc = typeof priors.lengthscaleLoc === 'number' ? priors.lengthscaleLoc : priors.lengthscaleLoc[j];
    const z = (theta[j] - loc) / priors.lengthscaleScale;
    value += 0.5 * z * z;
    grad[j] += z / priors.lengthscaleScale;
  }
  const zs = (theta[d] - priors.outputscaleLoc) / priors.outputscaleScale;
  value += 0.5 * zs * zs;
  grad[d] += zs / priors.outputscaleScale;
  const zn = (theta[d + 1] - priors.noiseLoc) / priors.noiseScale;
  value += 0.5 * zn * zn;
  grad[d + 1] += zn / priors.noiseScale;
  const zc = c / priors.meanScale;
  value += 0.5 * zc * zc;
  grad[d + 2] += zc / priors.meanScale;
  return { value, grad };
}

/** Options of {@link fitGp}. */
export interface FitGpOptions {
  /** Number of random restarts drawn from the priors, besides the default and warm starts (default 2). */
  readonly restarts?: number;
  /** L-BFGS iterations per start (default 60). */
  readonly maxIterations?: number;
  /** Hyperparameters to start from (e.g. the previous fit), tried first. */
  readonly warmStart?: GpHyperparameters;
  /** Lower bound on the noise variance (default 1e-6). */
  readonly minNoise?: number;
  readonly priors?: GpPriors;
  /** Randomness for the restarts. */
  readonly key: Key;
}

/**
 * Fits the GP hyperparameters by maximum a posteriori (multi-start L-BFGS on the negative log
 * posterior with its exact gradient) and returns the conditioned model. `y` should be
 * standardized; X rows are unit-cube features.
 */
export function fitGp(X: Float64Array, y: Float64Array, d: number, options: FitGpOptions): GpModel {
  const n = y.length;
  const priors = options.priors ?? defaultPriors(d);
  const { lower, upper } = thetaBounds(d, options.minNoise);
  const D = pairwiseSqDiffs(X, n, d);
  const f = (t: Float64Array) => negLogPosterior(t, D, y, d, priors);
  const starts: Float64Array[] = [];
  if (options.warmStart && options.warmStart.lengthscales.length === d) starts.push(hyperToTheta(options.warmStart));
  const base = new Float64Array(d + 3);
  // A moderate default start: length scale 0.25 sqrt(d), unit signal, small noise.
  for (let j = 0; j < d; j++) base[j] = Math.log(0.25 * Math.sqrt(d));
  base[d] = 0;
  base[d + 1] = Math.log(1e-3);
  base[d + 2] = 0;
  starts.push(base);
  const rng = new Rng(options.key);
  const restarts = options.restarts ?? 2;
  for (let r = 0; r < restarts; r++) {
    const t = new Float64Array(d + 3);
    for (let j = 0; j < d; j++) {
      const loc = typeof priors.lengthscaleLoc === 'number' ? priors.lengthscaleLoc - 1 : priors.lengthscaleLoc[j];
      t[j] = loc + priors.lengthscaleScale * 0.7 * rng.normal();
    }
    t[d] = priors.outputscaleScale * 0.5 * rng.normal();
    t[d + 1] = priors.noiseLoc - 2 + rng.normal();
    t[d + 2] = 0;
    starts.push(t);
  }
  let best: { x: Float64Array; value: number } | undefined;
  for (const s of starts) {
    for (let i = 0; i < s.length; i++) s[i] = Math.min(upper[i], Math.max(lower[i], s[i]));
    const res = minimizeLbfgs(f, s, { maxIterations: options.maxIterations ?? 60, lower, upper, gradientTolerance: 1e-4, valueTolerance: 1e-7 });
    if (Number.isFinite(res.value) && (!best || res.value < best.value)) best = { x: res.x, value: res.value };
  }
  const theta = best?.x ?? base;
  return new GpModel(X, y, d, thetaToHyper(theta, d));
}

