import type { Key } from '../random/key';

/**
 * A gradient estimator for black-box objectives (OpenAI-ES / NES), so that a plugin can
 * meta-train with evolution strategies without importing the package that implements them.
 * Parameters are flat Float64 vectors (see `tree.flattenParams` / `tree.unflattenParams`).
 */
export interface GradientEstimator {
  readonly name: string;
  /**
   * Estimates the gradient of `E[objective(theta + noise)]` at `theta`.
   * `objective` is called with perturbed parameter vectors and returns one loss (to minimise) per
   * candidate; it may be async (e.g. evaluated by workers).
   */
  estimate(
    theta: Float64Array,
    objective: (candidates: readonly Float64Array[]) => readonly number[] | Promise<readonly number[]>,
    key: Key,
  ): Promise<{ gradient: Float64Array; meanLoss: number }>;
}

/**
 * An unrolled computation (an inner training loop) that an estimator advances one truncation
 * window at a time, e.g. a learned optimizer training an optimizee: the state is the optimizee's
 * parameters and optimizer state, `theta` the learned optimizer's meta-parameters.
 */
export interface UnrolledTask<S> {
  /** A fresh inner state (the start of an unroll). Particles of one antithetic pair share it. */
  init(key: Key): S;
  /**
   * Runs one truncation window (a few inner steps) from `state` with meta-parameters `theta`.
   * Returns the new state, the window's loss (summed or averaged over its steps, consistently)
   * and whether the unroll has ended (the estimator then starts a fresh one with `init`).
   * `key` is shared by the two particles of an antithetic pair (common random numbers).
   */
  unroll(state: S, theta: Float64Array, key: Key): { state: S; loss: number; done: boolean };
}

/**
 * A gradient estimator for unrolled computations that keeps per-particle inner states across
 * calls (persistent ES, PES): each call advances every particle by one truncation window and
 * returns an estimate of the gradient of that window's loss with respect to `theta`, unbiased for
 * the full unroll when summed over its windows.
 */
export interface UnrolledGradientEstimator {
  readonly name: string;
  estimate<S>(theta: Float64Array, task: UnrolledTask<S>, key: Key): Promise<{ gradient: Float64Array; meanLoss: number }>;
  /** Drops the particles' inner states, so that the next call starts fresh unrolls. */
  reset(): void;
}
