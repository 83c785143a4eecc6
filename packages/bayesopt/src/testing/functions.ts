import { type ParamValues, type SearchSpace, float } from '@metatune/core';

/** Branin on its usual domain, f* = 0.397887 (test-only copy; the bench has the full set). */
export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

/** Global minimum of Branin. */
export const BRANIN_MIN = 0.397887357729738;

/** Branin's space. */
export const braninSpace: SearchSpace = { x1: float(-5, 10), x2: float(0, 15) };

/** Branin as an objective of a configuration. */
export const braninObjective = (p: ParamValues): number => branin(p.x1 as number, p.x2 as number);
