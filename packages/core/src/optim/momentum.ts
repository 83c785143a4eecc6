import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { zipParams } from '../params/tree';
import type { Params } from '../params/types';
import { assertStateMatches, checkNumber, commonOptions, negativeRates, withWeightDecay, zerosLike } from './common';
import type { CommonOptions, Optimizer } from './types';

/** Options of {@link momentum}. */
export interface MomentumOptions extends CommonOptions {
  /** Momentum coefficient (default 0.9). */
  beta?: number;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
}

/** State of {@link momentum}: the velocity, shaped like the params. */
export type MomentumState = Params & { velocity: Params };

/**
 * SGD with momentum, PyTorch's form: `v = beta * v + g`, `update = -lr * v`
 * (Nesterov: `update = -lr * (g + beta * v)`). The velocity starts at zero, so the first step
 * equals plain SGD.
 */
export function momentum(options: MomentumOptions): Optimizer<MomentumState> {
  const { lr, weightDecay } = commonOptions(options, 'momentum');
  const beta = checkNumber(options.beta ?? 0.9, 'beta', 0, 1, true);
  const nesterov = options.nesterov ?? false;
  return {
    name: 'momentum',
    init: (params) => ({ velocity: zerosLike(params) }),
    update(grads, state, params) {
      const g = withWeightDecay(grads, params, weightDecay, 'momentum');
      assertStateMatches(g, state.velocity, 'momentum');
      const rate = negativeRates(lr, g);
      const b = tf.scalar(beta);
      const velocity = zipParams(g, state.velocity, (gi, vi) => tf.add(tf.mul(vi, b), gi));
      const updates = zipParams(g, velocity, (gi, vi, path) => {
        const direction: Tensor = nesterov ? tf.add(gi, tf.mul(vi, b)) : vi;
        return tf.mul(direction, rate(path, gi));
      });
      return { updates, state: { velocity } };
    },
  };
}
