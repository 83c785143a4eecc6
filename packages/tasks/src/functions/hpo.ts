import { type ParamValues, type SearchSpace, defineSpace, float, MetatuneError } from '@metatune/core';
import type { HpoTask } from '../hpo/types';
import type { BenchmarkFunction } from './types';

/** The search space of a function: float parameters `x0..x{d-1}` over its domain. */
export function functionSpace(f: BenchmarkFunction): SearchSpace {
  return defineSpace(Object.fromEntries(f.bounds.map(([lo, hi], i) => [`x${i}`, float(lo, hi)])));
}

/**
 * A benchmark function (or a family instance) as an HPO task: space `x0..x{d-1}`, objective f.
 *
 * @example
 * const task = functionTask(benchmarkFunction('branin'));
 * task.objective({ x0: Math.PI, x1: 2.275 }); // 0.397887
 */
export function functionTask(f: BenchmarkFunction): HpoTask {
  const space = functionSpace(f);
  const x = new Float64Array(f.dimension);
  return {
    name: f.name,
    space,
    direction: 'minimize',
    optimum: f.optimum.value,
    objective(values: ParamValues): number {
      for (let i = 0; i < f.dimension; i++) {
        const v = values[`x${i}`];
        if (typeof v !== 'number') {
          throw new MetatuneError('INVALID_PARAMS', `${f.name}: parameter x${i} must be a number, got ${JSON.stringify(v)}`, { hint: `pass x0..x${f.dimension - 1}` });
        }
        x[i] = v;
      }
      return f.evaluate(x);
    },
  };
}
