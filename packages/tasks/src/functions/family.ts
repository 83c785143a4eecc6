/**
 * Families of related benchmark-function instances for transfer HPO: seeded shifts, rotations
 * and output scalings of a base function, so that "earlier studies" and "a new task" come from
 * one family (as in the transfer-HPO literature, e.g. Wistuba et al. 2018; Feurer et al. 2018).
 */
import { type Key, type Split, MetatuneError, Rng, foldIn } from '@metatune/core';
import { benchmarkFunction } from './create';
import type { BenchmarkFunctionName } from './definitions';
import type { BenchmarkFunction, Point } from './types';
import { splitKey } from '../split-key';

/** How instances differ from the base function. */
export interface FunctionFamilyOptions {
  /** The base function. */
  readonly base: BenchmarkFunctionName;
  /** Its dimension (the function's default when omitted). */
  readonly dimension?: number;
  /** Largest shift of the minimizer, as a fraction of each coordinate's range (default 0.1). */
  readonly shift?: number;
  /** Rotate the input about the minimizer by a random orthogonal matrix (default true). */
  readonly rotate?: boolean;
  /** Output scale drawn log-uniformly from this range (default [0.5, 2]). */
  readonly scale?: readonly [number, number];
  /** Output offset drawn uniformly from [-offset, offset] (default 0). */
  readonly offset?: number;
  /** The split instances come from (default `train`). */
  readonly split?: Split;
}

/** One instance, with the transformation that made it. */
export interface FunctionInstance extends BenchmarkFunction {
  readonly info: { readonly shift: readonly number[]; readonly scale: number; readonly offset: number; readonly rotation?: readonly number[][] };
}

/** A family of related instances of one base function, deterministic given a key. */
export interface FunctionFamily {
  readonly name: string;
  readonly split: Split;
  readonly base: BenchmarkFunction;
  /** One instance. */
  sample(key: Key): FunctionInstance;
  /** The same family in another split (instances drawn from a disjoint key domain). */
  withSplit(split: Split): FunctionFamily;
}

/** A random orthogonal matrix: Gram-Schmidt on a Gaussian matrix (Haar up to column signs). */
function randomRotation(rng: Rng, d: number): number[][] {
  const q: number[][] = [];
  while (q.length < d) {
    const v = Array.from({ length: d }, () => rng.normal());
    for (const u of q) {
      const dot = u.reduce((s, ui, i) => s + ui * v[i], 0);
      for (let i = 0; i < d; i++) v[i] -= dot * u[i];
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-8) q.push(v.map((vi) => vi / norm));
  }
  return q;
}

/**
 * A family of shifted, rotated and scaled copies of a base function:
 * `g(x) = a * f(m + R (x - m - delta)) + b`, where `m` is f's first minimizer. g keeps f's
 * domain, its minimizer moves to `m + delta` (kept inside the domain) and its minimum is `a f* + b`.
 *
 * @example
 * const family = functionFamily({ base: 'hartmann6' });
 * const earlier = [1, 2, 3].map((i) => family.sample(makeKey(i)));
 * const fresh = family.withSplit('test').sample(makeKey(0));
 */
export function functionFamily(options: FunctionFamilyOptions): FunctionFamily {
  const base = benchmarkFunction(options.base, options.dimension);
  const shift = options.shift ?? 0.1;
  const rotate = options.rotate ?? true;
  const [scaleLow, scaleHigh] = options.scale ?? [0.5, 2];
  const offset = options.offset ?? 0;
  const split = options.split ?? 'train';
  if (!(shift >= 0 && shift <= 0.5)) throw new MetatuneError('INVALID_ARGUMENT', `shift must be in [0, 0.5], got ${shift}`, { hint: 'a fraction of the domain width' });
  if (!(scaleLow > 0 && scaleHigh >= scaleLow)) throw new MetatuneError('INVALID_ARGUMENT', `scale must be a range 0 < low <= high, got [${scaleLow}, ${scaleHigh}]`);
  if (!(offset >= 0)) throw new MetatuneError('INVALID_ARGUMENT', `offset must be >= 0, got ${offset}`);
  const d = base.dimension;
  const m = base.optimum.minimizers[0];
  return {
    name: `${base.name}-family`,
    split,
    base,
    withSplit: (s) => functionFamily({ ...options, split: s }),
    sample(key: Key): FunctionInstance {
      const rng = new Rng(foldIn(splitKey(key, split), 0));
      // Shift the minimizer by up to `shift` of the width, clipped so it stays in the domain.
      const delta = base.bounds.map(([lo, hi], i) => {
        const width = hi - lo;
        const low = Math.max(lo, m[i] - shift * width);
        const high = Math.min(hi, m[i] + shift * width);
        return rng.between(low, high) - m[i];
      });
      const rotation = rotate && d > 1 ? randomRotation(rng, d) : undefined;
      const a = Math.exp(rng.between(Math.log(scaleLow), Math.log(scaleHigh)));
      const b = offset > 0 ? rng.between(-offset, offset) : 0;
      const z = new Float64Array(d);
      const toBase = (x: Point): Float64Array => {
        for (let i = 0; i < d; i++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += (rotation ? rotation[i][j] : i === j ? 1 : 0) * (x[j] - m[j] - delta[j]);
          z[i] = m[i] + s;
        }
        return z;
      };
      // Map every base minimizer back through the inverse transform (R is orthogonal: R^-1 = R^T).
      const minimizers = base.optimum.minimizers
        .map((mb) =>
          Array.from({ length: d }, (_, j) => {
            let s = 0;
            for (let i = 0; i < d; i++) s += (rotation ? rotation[i][j] : i === j ? 1 : 0) * (mb[i] - m[i]);
            return m[j] + delta[j] + s;
          }),
        )
        .filter((x) => x.every((v, i) => v >= base.bounds[i][0] && v <= base.bounds[i][1]));
      return {
        name: base.name,
        dimension: d,
        bounds: base.bounds,
        optimum: { value: a * base.optimum.value + b, minimizers },
        info: { shift: delta, scale: a, offset: b, ...(rotation ? { rotation } : {}) },
        evaluate(x: Point): number {
          if (x.length !== d) throw new MetatuneError('SHAPE_MISMATCH', `${base.name} instance in dimension ${d} got a point of length ${x.length}`);
          return a * base.evaluate(toBase(x)) + b;
        },
      };
    },
  };
}
