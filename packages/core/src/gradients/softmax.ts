/**
 * Softmax: the stock gradient multiplies by the saved output, which is cut off on the outer tape
 * (see unary.ts), so second derivatives through softmax were silently wrong. Here the softmax is
 * recomputed from the saved logits with the Softmax kernel, whose gradient is this same config,
 * so the backward pass is differentiable to any order.
 *
 * Note: `tf.logSoftmax` and `tf.losses.softmaxCrossEntropy` are `customGrad` ops that save their
 * forward output; a customGrad cannot be overridden through the registry. Write log-softmax as
 * `x - tf.logSumExp(x, -1, true)` (what core's losses do), which is right to any order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { overrideGradient } from './registry';

overrideGradient(
  {
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dyIn, saved, attrs) => {
      const dy = dyIn as tf.Tensor;
      const logits = saved[0]!;
      const dim = (attrs as unknown as { dim: number }).dim;
      return {
        logits: () => {
          const y = tf.engine().runKernel('Softmax', { logits }, { dim }) as tf.Tensor;
          const dyTimesY = tf.mul(dy, y);
          return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y));
        },
      };
    },
  },
  'stock gradient reads the saved output, which is cut off on the outer tape (silently wrong)',
);
