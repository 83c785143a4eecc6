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

/** Flat NHWC positions of each window's maximum, [outputs, 1] int32; a constant, off the tape. */
function argmaxPositions(input: tf.Tensor, attrs: PoolAttrs): tf.Tensor {
  const { filterSize, strides, pad } = attrs;
  if (pad !== 'valid' && pad !== 'same') {
    throw new Error(`metatune: maxPool gradients need pad 'valid' or 'same', got ${JSON.stringify(pad)}`);
  }
  return untaped(() => {
    // The wasm MaxPoolWithArgmax and MaxPoolGrad kernels return a wrong position for a window whose
    // values are all negative (e.g. index 0 for a window that does not contain it); shifting the
    // input to be positive leaves every argmax unchanged and sidesteps that.
    const positive = tf.add(tf.sub(input, tf.min(input)), 1) as tf.Tensor4D;
    return tf.reshape(tf.maxPoolWithArgmax(positive, filterSize, strides, pad, true).indexes, [-1, 1]);
  });
}

overrideGradient(
  {
    kernelName: 'MaxPool',
    inputsToSave: ['x'],
    // The saved output is cut off on an outer tape (see unary.ts), which is harmless here: the
    // gradient does not depend smoothly on it (only through which element wins).
    outputsToSave: [true],
    gradFunc: (dyIn, saved, attrs) => {
      const [x, y] = saved as [tf.Tensor, tf.Tensor];
      const a = attrs as unknown as PoolAttrs;
      const dy = dyIn as tf.Tensor;
      return {
        x: () => {
          // The cpu MaxPoolGrad kernel is right and fast: keep it there (its own gradient is below).
          if (tf.getBackend() === 'cpu') {
            return tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: a.filterSize, strides: a.strides, pad: a.pad }) as tf.Tensor;
          }
          // Elsewhere route dy to the argmax positions with a scatter (sums overlapping windows).
          return tf.reshape(tf.scatterND(argmaxPositions(x, a), tf.reshape(dy, [-1]), [x.size]), x.shape);
        },
      };
    },
  },
  "the wasm MaxPoolGrad kernel is wrong at first order when a window is all negative (53% error on a [1,4,4,1] example); and it has no gradient (2nd order threw)",
);

overrideGradient(
  {
    kernelName: 'MaxPoolGrad',
    inputsToSave: ['dy', 'input', 'output'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, input, output] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const { filterSize, strides, pad } = attrs as unknown as PoolAttrs;
      return {
        dy: () => {
          const positions = argmaxPositions(input, { filterSize, strides, pad });
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

/**
 * coverage[o] = (number of real, non-padding inputs in window o) / (window area), shape
 * [1, outH, outW, 1]. A constant: built from ones, so it is not connected to any input.
 */
function coverage(inputShape: number[], attrs: PoolAttrs): tf.Tensor {
  const [fh, fw] = typeof attrs.filterSize === 'number' ? [attrs.filterSize, attrs.filterSize] : attrs.filterSize;
  const ones = tf.ones([1, inputShape[1]!, inputShape[2]!, 1]) as tf.Tensor4D;
  const window = tf.fill([fh, fw, 1, 1], 1 / (fh * fw)) as tf.Tensor4D;
  return tf.conv2d(ones, window, attrs.strides, attrs.pad as 'valid' | 'same' | number);
}

const padded = (attrs: PoolAttrs): boolean => attrs.pad !== 'valid' && attrs.pad !== 0;

overrideGradient(
  {
    kernelName: 'AvgPool',
    inputsToSave: ['x'],
    gradFunc: (dyIn, saved, attrs) => {
      const x = saved[0]!;
      const a = attrs as unknown as PoolAttrs;
      const dy = dyIn as tf.Tensor;
      return {
        x: () => {
          // tfjs's avgPool divides each window by its count of real (non-padding) inputs, but the
          // AvgPoolGrad kernel divides by the full window area; rescale dy so the two agree.
          const scaled = padded(a) ? tf.div(dy, coverage(x.shape, a)) : dy;
          return tf.engine().runKernel('AvgPoolGrad', { dy: scaled, input: x }, { filterSize: a.filterSize, strides: a.strides, pad: a.pad }) as tf.Tensor;
        },
      };
    },
  },
  "stock first-order gradient is wrong with padding ('same'): forward divides by the real-input count, backward by the window area",
);

overrideGradient(
  {
    kernelName: 'AvgPoolGrad',
    inputsToSave: ['input'],
    gradFunc: (ddx, saved, attrs) => {
      const input = saved[0]!;
      const a = attrs as unknown as PoolAttrs;
      return {
        dy: () => {
          // The kernel spreads dy[o] / windowArea over window o; its adjoint sums each window and
          // divides by the area: avgPool (which divides by the real-input count) times coverage.
          const pooled = tf.avgPool(ddx as tf.Tensor4D, a.filterSize, a.strides, a.pad as 'valid' | 'same' | number);
          return padded(a) ? tf.mul(pooled, coverage(input.shape, a)) : pooled;
        },
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
