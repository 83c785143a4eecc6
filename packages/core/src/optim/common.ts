import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { addParams, assertSameShape, isTensor, mapParams, zipParams } from '../params/tree';
import type { Params } from '../params/types';
import type { CommonOptions, LearningRate } from './types';

/** Checks a number option: finite and within `[min, max]` (`max` exclusive when `openMax`). */
export function checkNumber(value: unknown, what: string, min: number, max = Infinity, openMax = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (openMax ? value < max : value <= max);
  if (!ok) {
    const range = `${min} ${openMax ? '<= x <' : '<= x <='} ${max}`;
    throw new MetatuneError('INVALID_OPTIONS', `${what} must be a finite number with ${range}, got ${String(value)}`, {
      hint: `pass e.g. ${what}: ${min === 0 && max === 1 ? 0.9 : 0.01}`,
    });
  }
  return value;
}

/**
 * Resolves a learning rate to a per-leaf factor `-lr` (the minus sign of descent folded in, so
 * an update is one multiply per leaf). Numbers become one scalar per call; tensors and trees
 * stay differentiable.
 */
export function negativeRates(lr: LearningRate, like: Params): (path: string, t: Tensor) => Tensor {
  if (typeof lr === 'number') {
    const rate = tf.scalar(-lr);
    return () => rate;
  }
  if (isTensor(lr)) {
    if (lr.rank !== 0) {
      throw new MetatuneError('SHAPE_MISMATCH', `a tensor learning rate must be a scalar, got shape [${lr.shape.join(',')}]`, {
        hint: 'use tf.scalar(rate), or a params tree of per-parameter rates',
      });
    }
    const rate = tf.neg(lr);
    return () => rate;
  }
  const rates = new Map<string, Tensor>();
  zipParams(like, lr, (param, rate, path) => {
    if (rate.rank !== 0) {
      // A full-shape rate must match the parameter (or its trailing shape under a task axis).
      const tail = param.shape.slice(param.rank - rate.rank);
      if (rate.rank > param.rank || tail.some((d, i) => d !== rate.shape[i])) assertSameShape(param, rate, path, 'learning rate');
    }
    rates.set(path, tf.neg(rate));
    return param;
  });
  return (path) => rates.get(path) as Tensor;
}

/** Checks a learning rate option: a finite non-negative number, a scalar tensor or a tree. */
export function checkLearningRate(lr: unknown): LearningRate {
  if (typeof lr === 'number') return checkNumber(lr, 'lr', 0);
  if (isTensor(lr) || (typeof lr === 'object' && lr !== null && !Array.isArray(lr))) return lr as LearningRate;
  throw new MetatuneError('INVALID_OPTIONS', `lr must be a number, a scalar tensor or a params tree, got ${String(lr)}`, {
    hint: 'pass e.g. { lr: 0.01 }',
  });
}

/** The gradient with L2 weight decay folded in (`g + wd * params`); `grads` itself when wd is 0. */
export function withWeightDecay(grads: Params, params: Params | undefined, weightDecay: number, name: string): Params {
  if (weightDecay === 0) return grads;
  if (!params) {
    throw new MetatuneError('INVALID_ARGUMENT', `${name} with weightDecay needs the params: update(grads, state, params)`, {
      hint: 'pass the current params as the third argument of update',
    });
  }
  const wd = tf.scalar(weightDecay);
  return zipParams(grads, params, (g, p, path) => {
    assertSameShape(g, p, path, 'grads/params');
    return tf.add(g, tf.mul(p, wd));
  });
}

/** Zeros shaped like every leaf of `params` (an optimizer moment). */
export function zerosLike(params: Params): Params {
  return mapParams(params, (t) => tf.zerosLike(t));
}

/** Checks that `tree` has the structure and shapes of `grads` (state from another model is an error). */
export function assertStateMatches(grads: Params, tree: Params, name: string): void {
  zipParams(grads, tree, (g, s, path) => {
    assertSameShape(g, s, path, `${name} state`);
    return g;
  });
}

/** Parses the options every optimizer shares. */
export function commonOptions(options: CommonOptions, name: string): { lr: LearningRate; weightDecay: number } {
  if (typeof options !== 'object' || options === null) {
    throw new MetatuneError('INVALID_OPTIONS', `${name} needs an options object with lr`, { hint: `call ${name}({ lr: 0.01 })` });
  }
  return { lr: checkLearningRate(options.lr), weightDecay: checkNumber(options.weightDecay ?? 0, 'weightDecay', 0) };
}

/** `params + updates` leafwise (the updates already carry the minus sign). */
export function applyUpdates(params: Params, updates: Params): Params {
  return addParams(params, updates);
}
