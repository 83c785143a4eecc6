/**
 * Gradients of the convolution kernels, closed under differentiation: the gradient of each of
 * Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter is built from the other two (conv-math.ts).
 *
 * Why: stock tfjs has no gradient for Conv2DBackpropFilter, so the second derivative of any
 * loss through a conv2d filter threw; and the wasm backend has no Conv2DBackpropFilter kernel
 * at all, so even first-order filter gradients failed there.
 */
import * as tf from '@tensorflow/tfjs-core';
import { convFilterGrad, convForward, convInputGrad, type ConvGeometry } from './conv-math';
import { overrideGradient } from './registry';

function geometry(attrs: unknown): ConvGeometry {
  const a = attrs as ConvGeometry & { dataFormat?: string; dilations?: [number, number] | number };
  if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') {
    throw new Error(`metatune conv2d gradients support NHWC only, got dataFormat ${a.dataFormat}`);
  }
  const d = a.dilations ?? 1;
  if ((typeof d === 'number' ? d : Math.max(...d)) !== 1) {
    throw new Error(`metatune conv2d gradients support dilation 1 only, got ${String(d)}`);
  }
  return { strides: a.strides, pad: a.pad, dimRoundingMode: a.dimRoundingMode };
}

overrideGradient(
  {
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tf.Tensor, tf.Tensor];
      const g = geometry(attrs);
      return {
        x: () => convInputGrad(x.shape, dy as tf.Tensor, filter, g),
        filter: () => convFilterGrad(x, dy as tf.Tensor, filter.shape, g),
      };
    },
  },
  'the filter gradient needs Conv2DBackpropFilter, which has no gradient (2nd order threw) and no wasm kernel',
);

overrideGradient(
  {
    kernelName: 'Conv2DBackpropInput',
    inputsToSave: ['dy', 'filter'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, filter] = saved as [tf.Tensor, tf.Tensor];
      const g = geometry(attrs);
      return {
        dy: () => convForward(ddx as tf.Tensor, filter, g),
        filter: () => convFilterGrad(ddx as tf.Tensor, dy, filter.shape, g),
      };
    },
  },
  'stock gradient calls Conv2DBackpropFilter (no gradient, no wasm kernel)',
);

overrideGradient(
  {
    kernelName: 'Conv2DBackpropFilter',
    inputsToSave: ['x', 'dy'],
    gradFunc: (ddw, saved, attrs) => {
      const [x, dy] = saved as [tf.Tensor, tf.Tensor];
      const g = geometry(attrs);
      return {
        x: () => convInputGrad(x.shape, dy, ddw as tf.Tensor, g),
        dy: () => convForward(x, ddw as tf.Tensor, g),
      };
    },
  },
  'no stock gradient: second derivatives through a conv2d filter threw',
);
