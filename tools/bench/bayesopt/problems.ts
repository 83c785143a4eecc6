/**
 * The five problems of the quality bench, built from @metatune/tasks' benchmark functions (formulas
 * and domains as BoTorch's test functions, the same as ../shared/peers/hpo_optuna.py), with the
 * issue's budgets.
 */
import { type BenchmarkFunction, type BenchmarkFunctionName, benchmarkFunction } from '@metatune/tasks';

/** A benchmark function with the trial budget the bench gives it. */
export interface Problem {
  /** The name used in the bench's JSON and in the peers' results (e.g. `rosenbrock10`). */
  readonly name: string;
  readonly fn: BenchmarkFunction;
  /**
   * f* used for the simple regret: the reference script's full-precision value, so that regrets
   * compare exactly with Optuna's (the package rounds Branin's and Hartmann6's to 6 digits).
   */
  readonly optimum: number;
  readonly budget: number;
}

function problem(name: string, base: BenchmarkFunctionName, dimension: number, budget: number, optimum?: number): Problem {
  const fn = benchmarkFunction(base, dimension);
  return { name, fn, optimum: optimum ?? fn.optimum.value, budget };
}

/** Branin (50 trials), Hartmann6 (100), Rosenbrock-10, Ackley-10 and Levy-10 (200 each). */
export const PROBLEMS: readonly Problem[] = [
  problem('branin', 'branin', 2, 50, 0.397887357729738),
  problem('hartmann6', 'hartmann6', 6, 100, -3.32236801141551),
  problem('rosenbrock10', 'rosenbrock', 10, 200),
  problem('ackley10', 'ackley', 10, 200),
  problem('levy10', 'levy', 10, 200),
];
