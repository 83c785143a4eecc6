import * as tf from '@tensorflow/tfjs-core';
import { zipParams } from '../params/tree';
import type { Params } from '../params/types';
import { assertStateMatches, checkNumber, commonOptions, negativeRates, withWeightDecay, zerosLike } from './common';
import type { CommonOptions, Optimizer } from './types';

/** Options of {@link rmsprop}. */
export interface RmspropOptions extends CommonOptions {
  /** Decay of the squared-gradient average (default 0.9; PyTorch's `alpha`). */
  decay?: number;
  /** Added to the root of the average (default 1e-8). */
  eps?: number;
  /** Added inside the square root (default 0); set it when differentiating through the update. */
  epsRoot?: number;
}

/** State of {@link rmsprop}: the running average of squared gradients. */
export type RmspropState = Params & { v: Params };

/**
 * RMSprop (Tieleman and Hinton 2012) as PyTorch computes it (no centring, no momentum):
 * `v = decay v + (1-decay) g^2`, `update = -lr * g / (sqrt(v + epsRoot) + eps)`.
 */
export function rmsprop(options: RmspropOptions): Optimizer<RmspropState> {
  const { lr, weightDecay } = commonOptions(options, 'rmsprop');
  const decay = checkNumber(options.decay ?? 0.9, 'decay', 0, 1, true);
  const eps = checkNumber(options.eps ?? 1e-8, 'eps', 0);
  const epsRoot = checkNumber(options.epsRoot ?? 0, 'epsRoot', 0);
  return {
    name: 'rmsprop',
    init: (params) => ({ v: zerosLike(params) }),
    update(grads, state, params) {
      const g = withWeightDecay(grads, params, weightDecay, 'rmsprop');
      assertStateMatches(g, state.v, 'rmsprop');
      const rate = negativeRates(lr, g);
      const d = tf.scalar(decay);
      const c = tf.scalar(1 - decay);
      const v = zipParams(g, state.v, (gi, vi) => tf.add(tf.mul(vi, d), tf.mul(tf.square(gi), c)));
      const updates = zipParams(g, v, (gi, vi, path) => {
        const denom = tf.add(tf.sqrt(epsRoot > 0 ? tf.add(vi, epsRoot) : vi), eps);
        return tf.mul(tf.div(gi, denom), rate(path, gi));
      });
      return { updates, state: { v } };
    },
  };
}
