/**
 * checkGrad: compares reverse-mode gradients and Hessian-vector products with central finite
 * differences along random directions. For plugin authors who register their own ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { makeKey, split, type Key } from '../random/key';
import { normal } from '../random/sample';
import { stencil } from './directional';
import { grad } from './grad';
import { hvp } from './hvp';

/** Options of {@link checkGrad}. */
export interface CheckGradOptions {
  /** Finite-difference step along a unit direction (default 1e-2; 5-point stencil, float32). */
  eps?: number;
  /** Relative tolerance (default 1e-2). An entry passes when |a − n| ≤ atol + rtol·max(|a|, |n|). */
  rtol?: number;
  /** Absolute tolerance (default 1e-3). */
  atol?: number;
  /** 1: gradient only; 2: gradient and Hessian-vector products (default 1). */
  order?: 1 | 2;
  /** Number of random unit directions (default 3). */
  directions?: number;
  /** Key of the random directions (default makeKey(0)). */
  key?: Key;
}

/** One comparison of {@link checkGrad}. */
export interface GradCheckEntry {
  /** 'grad': ⟨∇f, v⟩ against the stencil of f; 'hvp': H·v against the stencil of ∇f. */
  kind: 'grad' | 'hvp';
  /** Index of the random direction. */
  direction: number;
  /** Autodiff values (one number for 'grad', one per element of x for 'hvp'). */
  analytic: number[];
  /** Finite-difference values, same layout. */
  numeric: number[];
  /** Largest |analytic − numeric| of this entry. */
  maxAbsError: number;
  /** Largest |analytic − numeric| / max(|analytic|, |numeric|) of this entry. */
  maxRelError: number;
  /** Whether every element is within atol + rtol·max(|analytic|, |numeric|). */
  ok: boolean;
}

/** Result of {@link checkGrad}. */
export interface GradCheckReport {
  /** Whether every entry passed. */
  ok: boolean;
  /** The order that was checked (2 includes the order-1 entries). */
  order: 1 | 2;
  /** Finite-difference step used. */
  eps: number;
  /** Relative tolerance used. */
  rtol: number;
  /** Absolute tolerance used. */
  atol: number;
  /** Largest |analytic − numeric| over all entries. */
  maxAbsError: number;
  /** Largest |analytic − numeric| / max(|analytic|, |numeric|, tiny) over all entries. */
  maxRelError: number;
  /** One entry per direction and kind. */
  entries: GradCheckEntry[];
}

const NON_FINITE_HINT =
  'evaluate at a point inside the domain of f (no log or sqrt of non-positive values, no division by zero), ' +
  'or reduce eps if x+-2*eps*v leaves the domain';

function assertAllFinite(values: ArrayLike<number>, what: string, hint: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new MetatuneError('NON_FINITE', `checkGrad: ${what} is ${values[i]} at element ${i}`, { hint });
    }
  }
}

function compare(kind: 'grad' | 'hvp', direction: number, a: ArrayLike<number>, n: ArrayLike<number>, rtol: number, atol: number): GradCheckEntry {
  let maxAbsError = 0;
  let maxRelError = 0;
  let ok = true;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i]! - n[i]!);
    const scale = Math.max(Math.abs(a[i]!), Math.abs(n[i]!));
    maxAbsError = Math.max(maxAbsError, err);
    maxRelError = Math.max(maxRelError, err / Math.max(scale, 1e-30));
    if (err > atol + rtol * scale) ok = false;
  }
  return { kind, direction, analytic: Array.from(a), numeric: Array.from(n), maxAbsError, maxRelError, ok };
}

/**
 * Checks `grad(f)` (and with `order: 2`, `hvp(f)`) at `x` against central finite differences
 * along `directions` random unit vectors. Returns a report; does not throw on a mismatch.
 * Throws `NON_FINITE` when x, f(x), a gradient or a finite difference is NaN or infinite.
 */
export function checkGrad(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, options: CheckGradOptions = {}): GradCheckReport {
  const eps = options.eps ?? 1e-2;
  const rtol = options.rtol ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const order = options.order ?? 1;
  const count = options.directions ?? 3;
  if (!(eps > 0) || !(rtol >= 0) || !(atol >= 0) || !(count >= 1) || !Number.isInteger(count) || (order !== 1 && order !== 2)) {
    throw new MetatuneError('INVALID_ARGUMENT', `checkGrad: invalid options ${JSON.stringify({ eps, rtol, atol, order, directions: count })}`, {
      hint: 'use eps > 0, rtol >= 0, atol >= 0, order 1 or 2 and a positive integer number of directions',
    });
  }
  if (!(x instanceof tf.Tensor) || x.dtype !== 'float32') {
    throw new MetatuneError('INVALID_ARGUMENT', 'checkGrad: x must be a float32 tensor', { hint: 'pass tf.tensor(values) or cast with tf.cast(x, "float32")' });
  }
  assertAllFinite(x.dataSync(), 'x', 'pass a point whose entries are all finite numbers');
  const entries: GradCheckEntry[] = [];
  tf.tidy(() => {
    assertAllFinite(f(x).dataSync(), 'f(x)', NON_FINITE_HINT);
    const g = grad(f)(x);
    assertAllFinite(g.dataSync(), 'the gradient of f at x', NON_FINITE_HINT);
    let key = options.key ?? makeKey(0);
    for (let d = 0; d < count; d++) {
      const [next, sub] = split(key);
      key = next!;
      const raw = normal(sub!, x.size);
      const norm = Math.hypot(...raw) || 1;
      const v = tf.tensor(Float32Array.from(raw, (r) => r / norm), x.shape, 'float32');
      const analytic = tf.sum(tf.mul(g, v)).dataSync();
      const numeric = stencil(f, x, v, eps);
      assertAllFinite(numeric, 'a finite difference of f', NON_FINITE_HINT);
      entries.push(compare('grad', d, analytic, numeric, rtol, atol));
      if (order === 2) {
        const hv = hvp(f, x, v).dataSync();
        assertAllFinite(hv, 'a Hessian-vector product', NON_FINITE_HINT);
        const fd = stencil(grad(f), x, v, eps);
        assertAllFinite(fd, 'a finite difference of the gradient', NON_FINITE_HINT);
        entries.push(compare('hvp', d, hv, fd, rtol, atol));
      }
    }
  });
  return {
    ok: entries.every((e) => e.ok),
    order,
    eps,
    rtol,
    atol,
    maxAbsError: Math.max(...entries.map((e) => e.maxAbsError)),
    maxRelError: Math.max(...entries.map((e) => e.maxRelError)),
    entries,
  };
}

