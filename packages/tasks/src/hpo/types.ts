import type { Direction, ParamValues, SearchSpace } from '@metatune/core';

/** What an objective may tell its caller while it runs (for pruners and progress reports). */
export interface ObjectiveContext {
  /** Called with intermediate values (e.g. validation loss after each epoch). */
  report?(step: number, value: number): void;
}

/**
 * A hyperparameter-optimisation target: a search space and an objective to minimise over it.
 * Deterministic: the same values give the same result.
 */
export interface HpoTask {
  /** Registry-style name, e.g. `branin` or `sgd-mlp-omniglot`. */
  readonly name: string;
  readonly space: SearchSpace;
  /** Always `minimize` for the tasks of this package. */
  readonly direction: Direction;
  /** The known optimum value, when there is one (benchmark functions). */
  readonly optimum?: number;
  /** Evaluates one configuration. */
  objective(values: ParamValues, context?: ObjectiveContext): number;
}
