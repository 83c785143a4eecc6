import type { Rng } from '../random/rng';
import { decodeValue, isActive } from './encode';
import type { ParamValues, SearchSpace } from './types';

/** Draws a configuration uniformly from the unit-cube encoding of `space` (log params log-uniformly). */
export function sampleUniform(space: SearchSpace, rng: Rng): ParamValues {
  const values: ParamValues = {};
  for (const name of Object.keys(space)) {
    const u = rng.uniform();
    if (isActive(space, name, values)) values[name] = decodeValue(space[name], u);
  }
  return values;
}
