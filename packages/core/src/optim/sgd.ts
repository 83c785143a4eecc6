import * as tf from '@tensorflow/tfjs-core';
import { mapParams } from '../params/tree';
import type { Params } from '../params/types';
import { commonOptions, negativeRates, withWeightDecay } from './common';
import type { CommonOptions, Optimizer } from './types';

/** State of {@link sgd}: empty (plain SGD keeps nothing between steps). */
export type SgdState = Params;

/**
 * Plain stochastic gradient descent: `update = -lr * g` (one multiply per leaf). With a tensor or
 * per-parameter `lr` (Meta-SGD) the update is differentiable in the rate too.
 */
export function sgd(options: CommonOptions): Optimizer<SgdState> {
  const { lr, weightDecay } = commonOptions(options, 'sgd');
  return {
    name: 'sgd',
    init: () => ({}),
    update(grads, state, params) {
      const g = withWeightDecay(grads, params, weightDecay, 'sgd');
      const rate = negativeRates(lr, g);
      return { updates: mapParams(g, (t, path) => tf.mul(t, rate(path, t))), state };
    },
  };
}
