/** A point to evaluate: a plain array or a Float64Array. */
export type Point = ArrayLike<number>;

/** The known global minimum of a function at a given dimension. */
export interface GlobalMinimum {
  /** f at the minimizers. */
  readonly value: number;
  /** Every known global minimizer (several for Branin). */
  readonly minimizers: readonly (readonly number[])[];
}

/**
 * A test function for optimizers and HPO samplers: pure (no tfjs), with its domain and known
 * global minimum. Definitions and domains follow BoTorch's `test_functions.synthetic`.
 */
export interface BenchmarkFunction {
  /** Registry-style name, e.g. `branin`. */
  readonly name: string;
  /** The dimension (always valid for fixed-dimension functions; the requested one otherwise). */
  readonly dimension: number;
  /** Box domain, one `[low, high]` per coordinate. */
  readonly bounds: readonly (readonly [number, number])[];
  /** The known global minimum. */
  readonly optimum: GlobalMinimum;
  /** Evaluates f at `x` (length must equal `dimension`). */
  evaluate(x: Point): number;
}

/** Which dimensions a function family supports. */
export interface DimensionRule {
  /** Dimensions it is defined for: a fixed list, or every integer from `min` up. */
  readonly fixed?: readonly number[];
  readonly min?: number;
  /** The dimension used when none is given. */
  readonly default: number;
}
