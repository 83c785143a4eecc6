import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import type { Params } from './types';

/** Separator between the names of nested nodes in a leaf path (`'layer0/w'`). */
export const PATH_SEPARATOR = '/';

/** True when `value` is a tensor (a leaf of a params tree). */
export function isTensor(value: unknown): value is Tensor {
  return value instanceof tf.Tensor;
}

function isNode(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isTensor(value);
}

function childPath(prefix: string, name: string): string {
  if (name === '' || name.includes(PATH_SEPARATOR)) {
    throw new MetatuneError('INVALID_PARAMS', `params node name ${JSON.stringify(name)} at '${prefix}' is not allowed`, {
      hint: `names must be non-empty and must not contain '${PATH_SEPARATOR}' (it separates path parts)`,
    });
  }
  return prefix === '' ? name : `${prefix}${PATH_SEPARATOR}${name}`;
}

function badNode(path: string, value: unknown): MetatuneError {
  const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return new MetatuneError('INVALID_PARAMS', `params entry '${path}' is ${what}, not a tensor or a nested params object`, {
    hint: 'a params tree holds only tensors and plain objects of tensors',
  });
}

/**
 * The leaves of a params tree with their paths, in canonical order: key insertion order, depth
 * first. Paths join node names with `/` (`'layer0/w'`). A bare tensor is one leaf with path `''`.
 */
export function leaves(p: Params | Tensor): [path: string, t: Tensor][] {
  const out: [string, Tensor][] = [];
  if (isTensor(p)) return [['', p]];
  const walk = (node: Params, prefix: string): void => {
    for (const name of Object.keys(node)) {
      const value = node[name];
      const path = childPath(prefix, name);
      if (isTensor(value)) out.push([path, value]);
      else if (isNode(value)) walk(value, path);
      else throw badNode(path, value);
    }
  };
  if (!isNode(p)) throw badNode('', p);
  walk(p, '');
  return out;
}

/** A new tree of the same structure with `fn(leaf, path)` at every leaf. */
export function mapParams(p: Params, fn: (t: Tensor, path: string) => Tensor): Params {
  const walk = (node: Params, prefix: string): Params => {
    const out: Params = {};
    for (const name of Object.keys(node)) {
      const value = node[name];
      const path = childPath(prefix, name);
      if (isTensor(value)) out[name] = fn(value, path);
      else if (isNode(value)) out[name] = walk(value, path);
      else throw badNode(path, value);
    }
    return out;
  };
  if (!isNode(p)) throw badNode('', p);
  return walk(p, '');
}

/**
 * Combines two trees of the same structure leaf by leaf: `fn(a_leaf, b_leaf, path)`. The result
 * follows `a`'s key order. Different structures throw `SHAPE_MISMATCH` naming the first
 * difference. Leaf shapes are not compared here (use {@link assertSameShapes} for that).
 */
export function zipParams(a: Params, b: Params, fn: (x: Tensor, y: Tensor, path: string) => Tensor): Params {
  const walk = (x: Params, y: Params, prefix: string): Params => {
    const xs = Object.keys(x);
    const ys = Object.keys(y);
    const missing = xs.find((k) => !(k in y)) ?? ys.find((k) => !(k in x));
    if (missing !== undefined) {
      const path = childPath(prefix, missing);
      throw new MetatuneError('SHAPE_MISMATCH', `params trees differ in structure: '${path}' is in only one of them`, {
        hint: 'combine trees made by the same model (compare shapesOf(a) and shapesOf(b))',
      });
    }
    const out: Params = {};
    for (const name of xs) {
      const path = childPath(prefix, name);
      const u = x[name];
      const v = y[name];
      if (isTensor(u) && isTensor(v)) out[name] = fn(u, v, path);
      else if (isNode(u) && isNode(v)) out[name] = walk(u, v, path);
      else if (!isTensor(u) && !isNode(u)) throw badNode(path, u);
      else if (!isTensor(v) && !isNode(v)) throw badNode(path, v);
      else {
        throw new MetatuneError('SHAPE_MISMATCH', `params trees differ in structure at '${path}': a tensor in one, a subtree in the other`, {
          hint: 'combine trees made by the same model (compare shapesOf(a) and shapesOf(b))',
        });
      }
    }
    return out;
  };
  if (!isNode(a)) throw badNode('', a);
  if (!isNode(b)) throw badNode('', b);
  return walk(a, b, '');
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Throws `SHAPE_MISMATCH` naming the leaf and both shapes unless `x` and `y` have one shape. */
export function assertSameShape(x: Tensor, y: Tensor, path: string, what = 'params'): void {
  if (!sameShape(x.shape, y.shape)) {
    throw new MetatuneError(
      'SHAPE_MISMATCH',
      `${what} leaf '${path}' has shape [${x.shape.join(',')}] in one tree and [${y.shape.join(',')}] in the other`,
      { hint: 'combine trees of the same model; for a task axis use nn.batchParams on both' },
    );
  }
}

/** Throws `SHAPE_MISMATCH` unless both trees have the same structure and leaf shapes. */
export function assertSameShapes(a: Params, b: Params): void {
  zipParams(a, b, (x, y, path) => {
    assertSameShape(x, y, path);
    return x;
  });
}

/** Leafwise `a + b` (same structure and shapes). */
export function addParams(a: Params, b: Params): Params {
  return zipParams(a, b, (x, y, path) => {
    assertSameShape(x, y, path);
    return tf.add(x, y);
  });
}

/** Leafwise `a - b` (same structure and shapes). */
export function subParams(a: Params, b: Params): Params {
  return zipParams(a, b, (x, y, path) => {
    assertSameShape(x, y, path);
    return tf.sub(x, y);
  });
}

function asScalar(s: number | Scalar, what: string): Scalar {
  if (typeof s === 'number') {
    if (!Number.isFinite(s)) throw new MetatuneError('NON_FINITE', `${what} must be a finite number, got ${s}`, { hint: 'check the value for NaN or Infinity' });
    return tf.scalar(s);
  }
  if (!isTensor(s) || s.rank !== 0) {
    throw new MetatuneError('SHAPE_MISMATCH', `${what} must be a number or a rank-0 tensor`, {
      hint: 'pass a number or tf.scalar(value)',
    });
  }
  return s;
}

/** Leafwise `s * p` for a number or a scalar tensor `s` (differentiable in both). */
export function scaleParams(p: Params, s: number | Scalar): Params {
  const factor = asScalar(s, 'the scale');
  return mapParams(p, (t) => tf.mul(t, factor));
}

/** Leafwise `a * x + y` (same structure and shapes for `x` and `y`). */
export function axpy(a: number | Scalar, x: Params, y: Params): Params {
  const factor = asScalar(a, 'the factor a of axpy');
  return zipParams(x, y, (u, v, path) => {
    assertSameShape(u, v, path);
    return tf.add(tf.mul(u, factor), v);
  });
}

/** Total number of scalar entries over all leaves. */
export function countParams(p: Params): number {
  let n = 0;
  for (const [, t] of leaves(p)) n += t.size;
  return n;
}

/** A deep copy whose tensors are kept (survive the enclosing `tf.tidy`); dispose it with {@link disposeParams}. */
export function cloneParams(p: Params): Params {
  return mapParams(p, (t) => tf.keep(t.clone()));
}

/** Disposes every leaf of the tree. */
export function disposeParams(p: Params): void {
  for (const [, t] of leaves(p)) t.dispose();
}

/** The shapes of the leaves by path: a fingerprint to check a checkpoint against a model. */
export function shapesOf(p: Params): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [path, t] of leaves(p)) out[path] = [...t.shape];
  return out;
}

/**
 * Checks that leaf paths can form a tree: non-empty parts, no duplicates, and no leaf path that is
 * also an inner node of another (`'a'` and `'a/b'`). Throws `INVALID_PARAMS` otherwise.
 */
export function validatePaths(paths: Iterable<string>): void {
  const leafSet = new Set<string>();
  const inner = new Set<string>();
  for (const path of paths) {
    const parts = path.split(PATH_SEPARATOR);
    if (parts.some((part) => part === '')) {
      throw new MetatuneError('INVALID_PARAMS', `params path ${JSON.stringify(path)} has an empty part`, {
        hint: "paths look like 'layer0/w'",
      });
    }
    if (leafSet.has(path) || inner.has(path)) throw duplicate(path);
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join(PATH_SEPARATOR);
      if (leafSet.has(prefix)) throw duplicate(path);
      inner.add(prefix);
    }
    leafSet.add(path);
  }
}

/** Rebuilds a nested tree from `[path, tensor]` pairs (the inverse of {@link leaves}). */
export function fromLeaves(entries: ReadonlyArray<readonly [string, Tensor]>): Params {
  validatePaths(entries.map(([path]) => path));
  const root: Params = {};
  for (const [path, t] of entries) {
    const parts = path.split(PATH_SEPARATOR);
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      node = (node[parts[i]] ??= {}) as Params;
    }
    node[parts[parts.length - 1]] = t;
  }
  return root;
}

function duplicate(path: string): MetatuneError {
  return new MetatuneError('INVALID_PARAMS', `params path '${path}' collides with another entry`, {
    hint: 'each leaf path must be unique and must not be a prefix of another leaf path',
  });
}
