/**
 * Gradients of the pooling backward kernels, so pooling is differentiable to any order.
 *
 * Why: stock MaxPool and AvgPool gradients call the MaxPoolGrad / AvgPoolGrad kernels, which
 * have no gradient, so any second derivative through a pooling layer threw. Both backward
 * kernels are linear in `dy` (and locally constant in the input), so their gradients are:
 * - AvgPoolGrad: the adjoint of "spread dy over each window" is average pooling itself.
 * - MaxPoolGrad: the adjoint of "send dy to each window's argmax" is "read the argmax": a
 *   gatherND at the argmax positions (ScatterNd/GatherNd below make that chain closed).
 * The stock first-order path (the fast MaxPoolGrad / AvgPoolGrad kernels) is unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
import { overrideGradient } from './registry';
import { untaped } from './untaped';

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
}

overrideGradient(
  {
    kernelName: 'MaxPoolGrad',
    inputsToSave: ['dy', 'input', 'output'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, input, output] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const { filterSize, strides, pad } = attrs as unknown as PoolAttrs;
      if (pad !== 'valid' && pad !== 'same') {
        throw new Error(`metatune: second derivatives of maxPool need pad 'valid' or 'same', got ${JSON.stringify(pad)}`);
      }
      return {
        dy: () => {
          // Flat NHWC positions of each window's maximum; an integer constant, off the tape.
          const positions = untaped(() =>
            tf.reshape(tf.maxPoolWithArgmax(input as tf.Tensor4D, filterSize, strides, pad, true).indexes, [-1, 1]),
          );
          return tf.reshape(tf.gatherND(tf.reshape(ddx as tf.Tensor, [-1]), positions), dy.shape);
        },
        // The routing of dy depends on x only through which element wins: zero derivative.
        input: () => tf.zeros(input.shape, 'float32'),
        output: () => tf.zeros(output.shape, 'float32'),
      };
    },
  },
  'no stock gradient: second derivatives through maxPool threw',
);

overrideGradient(
  {
    kernelName: 'AvgPoolGrad',
    inputsToSave: ['input'],
    gradFunc: (ddx, saved, attrs) => {
      const input = saved[0]!;
      const { filterSize, strides, pad } = attrs as unknown as PoolAttrs;
      return {
        dy: () => tf.avgPool(ddx as tf.Tensor4D, filterSize, strides, pad as 'valid' | 'same' | number),
        input: () => tf.zeros(input.shape, 'float32'),
      };
    },
  },
  'no stock gradient: second derivatives through avgPool threw',
);

overrideGradient(
  {
    kernelName: 'GatherNd',
    inputsToSave: ['params', 'indices'],
    gradFunc: (dy, saved) => {
      const [params, indices] = saved as [tf.Tensor, tf.Tensor];
      return {
        // scatterND sums duplicate indices, which is the adjoint of gathering them twice.
        params: () => tf.scatterND(indices, dy as tf.Tensor, params.shape),
        indices: () => tf.zeros(indices.shape, 'float32'),
      };
    },
  },
  'no stock gradient (used by the maxPool second derivative)',
);

overrideGradient(
  {
    kernelName: 'ScatterNd',
    inputsToSave: ['indices'],
    gradFunc: (dy, saved) => {
      const indices = saved[0]!;
      return {
        updates: () => tf.gatherND(dy as tf.Tensor, indices),
        indices: () => tf.zeros(indices.shape, 'float32'),
      };
    },
  },
  'no stock gradient (used by the maxPool third derivative)',
);
