import type { Key } from '@metatune/core';

/**
 * An unrolled computation advanced one truncation window at a time (structurally the same as
 * core's `UnrolledTask` in contracts/gradient-estimator.ts, which core's index does not export yet).
 */
export interface UnrolledTask<S> {
  /** A fresh inner state; both particles of an antithetic pair start from the same one. */
  init(key: Key): S;
  /** One truncation window with meta-parameters `theta`: new state, the window's loss, and whether the unroll ended. */
  unroll(state: S, theta: Float64Array, key: Key): { state: S; loss: number; done: boolean };
}

/** A stateful gradient estimator over unrolled computations (core's `UnrolledGradientEstimator`). */
export interface UnrolledGradientEstimator {
  readonly name: string;
  estimate<S>(theta: Float64Array, task: UnrolledTask<S>, key: Key): Promise<{ gradient: Float64Array; meanLoss: number }>;
  reset(): void;
}
