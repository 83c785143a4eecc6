import { MetatuneError } from '../errors';
import { isActive } from './encode';
import type { ParamSpec, ParamValue, ParamValues, SearchSpace } from './types';

function describe(spec: ParamSpec): string {
  if (spec.type === 'categorical') return `one of ${JSON.stringify(spec.choices)}`;
  const kind = spec.type === 'int' ? 'an integer' : 'a number';
  return `${kind} in [${spec.low}, ${spec.high}]${spec.step ? ` on a step of ${spec.step}` : ''}`;
}

function fits(spec: ParamSpec, v: ParamValue): boolean {
  if (spec.type === 'categorical') return spec.choices.includes(v);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.low || v > spec.high) return false;
  if (spec.type === 'int' && !Number.isInteger(v)) return false;
  const step = spec.step;
  if (step !== undefined) {
    const k = (v - spec.low) / step;
    if (Math.abs(k - Math.round(k)) > 1e-6) return false;
  }
  return true;
}

/**
 * Checks that `values` is a valid configuration of `space`: every active parameter present and
 * inside its range, no inactive or unknown parameter. Throws an `INVALID_PARAMS` error naming
 * the parameter, the value and what was expected.
 */
export function validateValues(space: SearchSpace, values: ParamValues): ParamValues {
  for (const name of Object.keys(values)) {
    if (!(name in space)) {
      throw new MetatuneError('INVALID_PARAMS', `unknown parameter "${name}"`, {
        hint: `the space has ${Object.keys(space).join(', ')}`,
      });
    }
  }
  for (const [name, spec] of Object.entries(space)) {
    const active = isActive(space, name, values);
    const v = values[name];
    if (!active) {
      if (v !== undefined) {
        throw new MetatuneError('INVALID_PARAMS', `parameter "${name}" is set but inactive`, {
          hint: `it is active only when "${spec.condition?.parent}" is one of ${JSON.stringify(spec.condition?.values)}`,
        });
      }
      continue;
    }
    if (v === undefined) throw new MetatuneError('INVALID_PARAMS', `parameter "${name}" is missing`, { hint: `give ${describe(spec)}` });
    if (!fits(spec, v)) {
      throw new MetatuneError('INVALID_PARAMS', `parameter "${name}" = ${JSON.stringify(v)} is outside the space`, {
        hint: `expected ${describe(spec)}`,
      });
    }
  }
  return values;
}
