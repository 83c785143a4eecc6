/**
 * Private tree walking for the autodiff facade: a Tensor or a nested record of tensors is
 * flattened to a list of leaves and rebuilt with the same structure. (Kept local so autodiff
 * does not depend on the params utilities.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import type { Params } from '../params/types';

/** A Tensor or a Params tree: what the autodiff functions differentiate with respect to. */
export type Differentiable = tf.Tensor | Params;

/** Leaves of a tree in canonical order (insertion order, depth first) and a rebuilder. */
export interface Flat<P> {
  /** Leaf paths ('layer0/w'); '' for a bare tensor. */
  readonly paths: string[];
  /** Leaf tensors, in the order of `paths`. */
  readonly leaves: tf.Tensor[];
  /** A tree of the original structure holding `tensors` in leaf order. */
  rebuild(tensors: readonly tf.Tensor[]): P;
}

/** Flattens `p` (a Tensor or a Params tree); throws INVALID_PARAMS on anything else. */
export function flatten<P extends Differentiable>(p: P, what = 'params'): Flat<P> {
  if (p instanceof tf.Tensor) {
    return { paths: [''], leaves: [p], rebuild: (ts) => ts[0] as P };
  }
  const paths: string[] = [];
  const leaves: tf.Tensor[] = [];
  const walk = (node: unknown, prefix: string): void => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw new MetatuneError('INVALID_PARAMS', `${what} at '${prefix || '/'}' is not a tensor or a record of tensors`, {
        hint: 'pass a tf.Tensor or a nested plain object whose leaves are tensors',
      });
    }
    for (const [k, v] of Object.entries(node)) {
      const path = prefix ? `${prefix}/${k}` : k;
      if (v instanceof tf.Tensor) {
        paths.push(path);
        leaves.push(v);
      } else walk(v, path);
    }
  };
  walk(p, '');
  const rebuild = (ts: readonly tf.Tensor[]): P => {
    let i = 0;
    const build = (node: Params): Params => {
      const out: Params = {};
      for (const [k, v] of Object.entries(node)) out[k] = v instanceof tf.Tensor ? ts[i++]! : build(v);
      return out;
    };
    return build(p as Params) as P;
  };
  return { paths, leaves, rebuild };
}

/** Checks that `b` has the structure and shapes of `a` (SHAPE_MISMATCH otherwise). */
export function assertSameStructure(a: Flat<unknown>, b: Flat<unknown>, what: string): void {
  const same = a.paths.length === b.paths.length && a.paths.every((p, i) => p === b.paths[i]);
  if (!same) {
    throw new MetatuneError('SHAPE_MISMATCH', `${what} has leaves [${b.paths.join(', ')}], expected [${a.paths.join(', ')}]`, {
      hint: 'pass a tree with the same keys as the parameters',
    });
  }
  a.leaves.forEach((t, i) => {
    const u = b.leaves[i]!;
    if (!tf.util.arraysEqual(t.shape, u.shape)) {
      throw new MetatuneError('SHAPE_MISMATCH', `${what} leaf '${a.paths[i]}' has shape [${u.shape}], expected [${t.shape}]`, {
        hint: 'pass a tree whose leaves have the shapes of the parameters',
      });
    }
  });
}

/** Applies `fn` to every tensor inside an arbitrary value (objects and arrays are walked). */
export function mapTensors<A>(value: A, fn: (t: tf.Tensor) => tf.Tensor): A {
  if (value instanceof tf.Tensor) return fn(value) as A;
  if (Array.isArray(value)) return value.map((v) => mapTensors(v, fn)) as A;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapTensors(v, fn);
    return out as A;
  }
  return value;
}
