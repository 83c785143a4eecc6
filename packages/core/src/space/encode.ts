import { MetatuneError } from '../errors';
import type { ParamSpec, ParamValue, ParamValues, SearchSpace } from './types';

/**
 * The unit-cube encoding every sampler shares: one coordinate per parameter, in [0, 1].
 * Numeric parameters map linearly (or log-linearly) from [low, high]; a categorical with n
 * choices maps choice i to the centre of bin i, (i + 0.5) / n. An inactive conditional
 * parameter encodes as NaN, so models can tell "absent" from any real value.
 */
export function encodeValue(spec: ParamSpec, value: ParamValue): number {
  if (spec.type === 'categorical') {
    const i = spec.choices.indexOf(value);
    return (i + 0.5) / spec.choices.length;
  }
  const v = value as number;
  if (spec.log) return (Math.log(v) - Math.log(spec.low)) / (Math.log(spec.high) - Math.log(spec.low));
  return (v - spec.low) / (spec.high - spec.low);
}

/** Inverse of {@link encodeValue}: clamps to [0, 1], then rounds ints and steps and picks the bin. */
export function decodeValue(spec: ParamSpec, u: number): ParamValue {
  const t = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0.5));
  if (spec.type === 'categorical') {
    const n = spec.choices.length;
    return spec.choices[Math.min(n - 1, Math.floor(t * n))];
  }
  let v = spec.log ? Math.exp(Math.log(spec.low) + t * (Math.log(spec.high) - Math.log(spec.low))) : spec.low + t * (spec.high - spec.low);
  const step = spec.step ?? (spec.type === 'int' ? 1 : undefined);
  if (step !== undefined) {
    const steps = Math.floor((spec.high - spec.low) / step + 1e-9);
    v = spec.low + Math.min(steps, Math.max(0, Math.round((v - spec.low) / step))) * step;
    if (spec.type === 'float') v = Number(v.toPrecision(12));
  }
  if (spec.type === 'int') v = Math.round(v);
  return Math.min(spec.high, Math.max(spec.low, v));
}

/** Whether parameter `name` is active given the values of the parameters before it. */
export function isActive(space: SearchSpace, name: string, values: ParamValues): boolean {
  const c = space[name].condition;
  if (!c) return true;
  if (!isActive(space, c.parent, values)) return false;
  const parentValue = values[c.parent];
  return parentValue !== undefined && c.values.includes(parentValue);
}

/** Encodes a configuration to a point in the unit cube, one coordinate per parameter (NaN if inactive). */
export function encode(space: SearchSpace, values: ParamValues): Float64Array {
  const names = Object.keys(space);
  const out = new Float64Array(names.length);
  names.forEach((name, i) => {
    out[i] = name in values ? encodeValue(space[name], values[name]) : Number.NaN;
  });
  return out;
}

/** Decodes a unit-cube point to a valid configuration; inactive conditional parameters are dropped. */
export function decode(space: SearchSpace, point: ArrayLike<number>): ParamValues {
  const names = Object.keys(space);
  if (point.length !== names.length) {
    throw new MetatuneError('SHAPE_MISMATCH', `a point for this space needs ${names.length} coordinates, got ${point.length}`);
  }
  const values: ParamValues = {};
  names.forEach((name, i) => {
    if (isActive(space, name, values)) values[name] = decodeValue(space[name], point[i]);
  });
  return values;
}
