import type { Key } from '../random/key';

/**
 * A gradient estimator for black-box or unrolled objectives (OpenAI-ES, PES), so that a plugin
 * can meta-train with evolution strategies without importing the package that implements them.
 * Parameters are flat Float64 vectors (see `params.flatten`).
 */
export interface GradientEstimator {
  readonly name: string;
  /**
   * Estimates the gradient of `E[objective(theta + noise)]` at `theta`.
   * `objective` is called with perturbed parameter vectors and returns a loss to minimise.
   */
  estimate(
    theta: Float64Array,
    objective: (candidates: readonly Float64Array[]) => readonly number[] | Promise<readonly number[]>,
    key: Key,
  ): Promise<{ gradient: Float64Array; meanLoss: number }>;
}
