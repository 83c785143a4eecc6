import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { isTensor, zipParams } from '../params/tree';
import type { Params } from '../params/types';
import { assertStateMatches, checkNumber, commonOptions, negativeRates, withWeightDecay, zerosLike } from './common';
import type { CommonOptions, Optimizer } from './types';

/** Options of {@link adam}. */
export interface AdamOptions extends CommonOptions {
  /** Decay of the first moment (default 0.9). */
  beta1?: number;
  /** Decay of the second moment (default 0.999). */
  beta2?: number;
  /** Added to the root of the second moment (default 1e-8). */
  eps?: number;
  /**
   * Added inside the square root (default 0, as in Adam). Set it (e.g. 1e-16) when
   * differentiating through the update: sqrt has an infinite derivative at a zero moment.
   */
  epsRoot?: number;
}

/** State of {@link adam}: the step count (a float32 scalar, differentiable and serialisable) and both moments. */
export type AdamState = Params & { step: Tensor; m: Params; v: Params };

/**
 * Adam (Kingma and Ba 2015) with bias correction, written as PyTorch computes it:
 * `m = b1 m + (1-b1) g`, `v = b2 v + (1-b2) g^2`, `t = t + 1`,
 * `update = -lr / (1 - b1^t) * m / (sqrt(v + epsRoot) / sqrt(1 - b2^t) + eps)`.
 */
export function adam(options: AdamOptions): Optimizer<AdamState> {
  const { lr, weightDecay } = commonOptions(options, 'adam');
  const beta1 = checkNumber(options.beta1 ?? 0.9, 'beta1', 0, 1, true);
  const beta2 = checkNumber(options.beta2 ?? 0.999, 'beta2', 0, 1, true);
  const eps = checkNumber(options.eps ?? 1e-8, 'eps', 0);
  const epsRoot = checkNumber(options.epsRoot ?? 0, 'epsRoot', 0);
  return {
    name: 'adam',
    init: (params) => ({ step: tf.scalar(0), m: zerosLike(params), v: zerosLike(params) }),
    update(grads, state, params) {
      if (!isTensor(state?.step) || state.step.rank !== 0) {
        throw new MetatuneError('INVALID_ARGUMENT', 'adam state lacks its scalar step count', {
          hint: 'pass the state returned by adam(...).init(params) or by the previous update',
        });
      }
      const g = withWeightDecay(grads, params, weightDecay, 'adam');
      assertStateMatches(g, state.m, 'adam');
      assertStateMatches(g, state.v, 'adam');
      const rate = negativeRates(lr, g);
      const step = tf.add(state.step, 1);
      // Per-step scalars, shared by every leaf.
      const b1 = tf.scalar(beta1);
      const b2 = tf.scalar(beta2);
      const c1 = tf.scalar(1 - beta1);
      const c2 = tf.scalar(1 - beta2);
      const inverseCorrection1 = tf.reciprocal(tf.sub(1, tf.pow(b1, step)));
      const rootCorrection2 = tf.sqrt(tf.sub(1, tf.pow(b2, step)));
      const m = zipParams(g, state.m, (gi, mi) => tf.add(tf.mul(mi, b1), tf.mul(gi, c1)));
      const v = zipParams(g, state.v, (gi, vi) => tf.add(tf.mul(vi, b2), tf.mul(tf.square(gi), c2)));
      // -lr / (1 - b1^t): one scalar for a shared rate, one tensor per leaf for a rate tree.
      const stepSizes = new Map<Tensor, Tensor>();
      const stepSize = (r: Tensor): Tensor => {
        let size = stepSizes.get(r);
        if (!size) stepSizes.set(r, (size = tf.mul(r, inverseCorrection1)));
        return size;
      };
      const updates = zipParams(m, v, (mi, vi, path) => {
        const root = tf.sqrt(epsRoot > 0 ? tf.add(vi, epsRoot) : vi);
        const denom = tf.add(tf.div(root, rootCorrection2), eps);
        return tf.mul(tf.div(mi, denom), stepSize(rate(path, mi)));
      });
      return { updates, state: { step, m, v } };
    },
  };
}
