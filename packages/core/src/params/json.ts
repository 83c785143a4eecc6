import * as tf from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { fromLeaves, leaves, validatePaths } from './tree';
import type { Params } from './types';

/** Identifies the JSON params format. */
export const PARAMS_JSON_FORMAT = 'metatune.params';
/** The JSON params format version written by {@link saveParamsJson}. */
export const PARAMS_JSON_VERSION = 1;

/** Dtypes a saved params tree may hold. */
export type SavedDtype = 'float32' | 'int32';

/**
 * One saved value. Finite numbers are plain numbers; `NaN`, `±Infinity` and `-0`, which JSON
 * numbers cannot carry, are the strings `'NaN'`, `'Infinity'`, `'-Infinity'`, `'-0'`.
 */
export type SavedNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

/** One saved tensor: its shape, dtype and values in row-major order. */
export interface SavedTensor {
  shape: number[];
  dtype: SavedDtype;
  data: SavedNumber[];
}

/** A params tree as JSON: leaves by path in canonical order. Round trips are bit-exact. */
export interface ParamsJson {
  format: typeof PARAMS_JSON_FORMAT;
  version: typeof PARAMS_JSON_VERSION;
  tensors: Record<string, SavedTensor>;
}

function encodeNumber(x: number): SavedNumber {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return x;
}

function decodeNumber(v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  switch (v) {
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case '-0':
      return -0;
    default:
      throw corrupt(`tensor '${path}' holds ${JSON.stringify(v)}, not a number`);
  }
}

function corrupt(message: string): MetatuneError {
  return new MetatuneError('DATA_CORRUPT', `invalid params JSON: ${message}`, {
    hint: 'pass an object made by saveParamsJson (format "metatune.params", version 1)',
  });
}

/** Checks a saved dtype; shared with the binary format. */
export function checkDtype(dtype: string, path: string): SavedDtype {
  if (dtype === 'float32' || dtype === 'int32') return dtype;
  throw new MetatuneError('INVALID_PARAMS', `params leaf '${path}' has dtype ${dtype}; only float32 and int32 can be saved`, {
    hint: 'cast the leaf to float32 or int32 first',
  });
}

/** Checks a saved shape and returns its element count; shared with the binary format. */
export function checkShape(shape: unknown, path: string, fail: (message: string) => Error): number {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw fail(`tensor '${path}' has an invalid shape ${JSON.stringify(shape)}`);
  }
  return shape.reduce((a: number, b: number) => a * b, 1);
}

/** Saves a params tree as a JSON-serialisable object (values read synchronously). */
export function saveParamsJson(p: Params): ParamsJson {
  const tensors: Record<string, SavedTensor> = {};
  for (const [path, t] of leaves(p)) {
    const dtype = checkDtype(t.dtype, path);
    tensors[path] = { shape: [...t.shape], dtype, data: Array.from(t.dataSync() as Float32Array | Int32Array, encodeNumber) };
  }
  return { format: PARAMS_JSON_FORMAT, version: PARAMS_JSON_VERSION, tensors };
}

/** Loads a tree saved by {@link saveParamsJson} (or its `JSON.parse`d text); throws `DATA_CORRUPT` on bad input. */
export function loadParamsJson(json: unknown): Params {
  if (typeof json !== 'object' || json === null) throw corrupt('not an object');
  const doc = json as Partial<ParamsJson>;
  if (doc.format !== PARAMS_JSON_FORMAT) throw corrupt(`format is ${JSON.stringify(doc.format)}`);
  if (doc.version !== PARAMS_JSON_VERSION) {
    throw new MetatuneError('DATA_CORRUPT', `params JSON version ${JSON.stringify(doc.version)} is not supported`, {
      hint: `this version of metatune reads version ${PARAMS_JSON_VERSION}`,
    });
  }
  if (typeof doc.tensors !== 'object' || doc.tensors === null) throw corrupt('"tensors" is missing');
  const entries: [string, SavedTensor][] = Object.entries(doc.tensors);
  // Validate everything before creating any tensor, so a bad file leaks nothing.
  const decoded = entries.map(([path, saved]) => {
    if (typeof saved !== 'object' || saved === null) throw corrupt(`tensor '${path}' is not an object`);
    const size = checkShape(saved.shape, path, corrupt);
    if (saved.dtype !== 'float32' && saved.dtype !== 'int32') throw corrupt(`tensor '${path}' has dtype ${JSON.stringify(saved.dtype)}`);
    const dtype: SavedDtype = saved.dtype;
    if (!Array.isArray(saved.data) || saved.data.length !== size) {
      throw corrupt(`tensor '${path}' has ${Array.isArray(saved.data) ? saved.data.length : 'no'} values for shape [${saved.shape.join(',')}] (${size})`);
    }
    const values = dtype === 'float32' ? new Float32Array(size) : new Int32Array(size);
    for (let i = 0; i < size; i++) values[i] = decodeNumber(saved.data[i], path);
    return [path, saved.shape, dtype, values] as const;
  });
  validatePaths(decoded.map(([path]) => path));
  return fromLeaves(decoded.map(([path, shape, dtype, values]) => [path, tf.tensor(values, shape, dtype)] as const));
}
