import { MetatuneError } from '@metatune/core';
import { FUNCTION_DEFINITIONS, type BenchmarkFunctionName } from './definitions';
import type { BenchmarkFunction, Point } from './types';

/** Names of every benchmark function, for listings and schemas. */
export const BENCHMARK_FUNCTION_NAMES = Object.keys(FUNCTION_DEFINITIONS) as BenchmarkFunctionName[];

/**
 * A benchmark function at a dimension (the function's default when omitted). A dimension the
 * function does not support throws `INVALID_ARGUMENT` naming the supported ones.
 *
 * @example
 * const f = benchmarkFunction('rastrigin', 10);
 * f.evaluate(new Float64Array(10)); // 0
 */
export function benchmarkFunction(name: BenchmarkFunctionName, dimension?: number): BenchmarkFunction {
  const def = FUNCTION_DEFINITIONS[name];
  if (!def) {
    throw new MetatuneError('INVALID_ARGUMENT', `unknown benchmark function "${name}"`, { hint: `known: ${BENCHMARK_FUNCTION_NAMES.join(', ')}` });
  }
  const d = dimension ?? def.dimensions.default;
  const rule = def.dimensions;
  const ok = Number.isInteger(d) && (rule.fixed ? rule.fixed.includes(d) : d >= (rule.min ?? 1));
  if (!ok) {
    throw new MetatuneError('INVALID_ARGUMENT', `${name} is not defined in dimension ${d}`, {
      hint: rule.fixed ? `${name} supports dimension ${rule.fixed.join(' or ')} only` : `${name} needs an integer dimension >= ${rule.min ?? 1}`,
    });
  }
  const bounds = def.bounds(d);
  const optimum = def.optimum(d);
  return {
    name,
    dimension: d,
    bounds,
    optimum,
    evaluate(x: Point): number {
      if (x.length !== d) {
        throw new MetatuneError('SHAPE_MISMATCH', `${name} in dimension ${d} got a point of length ${x.length}`, { hint: `pass ${d} coordinates` });
      }
      return def.evaluate(x);
    },
  };
}
