/**
 * The three linear maps of a 2-D convolution (NHWC, dilation 1), written so that each one's
 * gradient is again one of the three: conv2d, its input-gradient and its filter-gradient.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Strides, padding and rounding of a convolution, as tfjs kernels take them in their attrs. */
export interface ConvGeometry {
  /** Strides (height, width). */
  strides: [number, number] | number;
  /** Padding mode or explicit padding. */
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  /** Rounding of output dimensions for numeric padding. */
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function rounding(g: ConvGeometry): { dimRoundingMode?: 'floor' | 'round' | 'ceil' } {
  return g.dimRoundingMode === undefined ? {} : { dimRoundingMode: g.dimRoundingMode };
}

function pair(v: [number, number] | number): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

/** y = conv2d(x, filter). */
export function convForward(x: tf.Tensor, filter: tf.Tensor, g: ConvGeometry): tf.Tensor {
  return tf.engine().runKernel(
    'Conv2D',
    { x, filter },
    { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', dilations: 1, ...rounding(g) },
  ) as tf.Tensor;
}

/** dx = the input gradient of conv2d for output gradient `dy` (the Conv2DBackpropInput kernel). */
export function convInputGrad(inputShape: number[], dy: tf.Tensor, filter: tf.Tensor, g: ConvGeometry): tf.Tensor {
  return tf.engine().runKernel(
    'Conv2DBackpropInput',
    { dy, filter },
    { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', ...rounding(g), inputShape },
  ) as tf.Tensor;
}

/**
 * dW = the filter gradient of conv2d. Uses the Conv2DBackpropFilter kernel where the active
 * backend has one (cpu); the wasm backend has none, so there it is computed as a stride-1
 * convolution of the padded input with the (stride-dilated) output gradient, from differentiable
 * ops (pad, reshape, slice, transpose, conv2d).
 */
export function convFilterGrad(x: tf.Tensor, dy: tf.Tensor, filterShape: number[], g: ConvGeometry): tf.Tensor {
  if (tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) != null) {
    return tf.engine().runKernel(
      'Conv2DBackpropFilter',
      { x, dy },
      { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', ...rounding(g), filterShape },
    ) as tf.Tensor;
  }
  return filterGradByConv(x, dy, filterShape, g);
}

function filterGradByConv(x: tf.Tensor, dy: tf.Tensor, filterShape: number[], g: ConvGeometry): tf.Tensor {
  const [kh, kw, ci, co] = filterShape as [number, number, number, number];
  const [sh, sw] = pair(g.strides);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape as [number, number, number, number],
    g.strides,
    1,
    g.pad,
    g.dimRoundingMode,
  );
  const { top, bottom, left, right } = info.padInfo;
  const xp = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  const [b, oh, ow] = dy.shape as [number, number, number, number];
  let dyd = dy;
  if (sh > 1 || sw > 1) {
    // Spread dy on the input grid: dy[b, i, j] lands at (i*sh, j*sw), zeros between.
    const spread = tf.pad(tf.reshape(dy, [b, oh, 1, ow, 1, co]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    dyd = tf.slice(tf.reshape(spread, [b, oh * sh, ow * sw, co]), [0, 0, 0, 0], [b, (oh - 1) * sh + 1, (ow - 1) * sw + 1, co]);
  }
  // Batch plays the role of input channels: r[c, i, j, o] = Σ_b,u,v xp[b, i+u, j+v, c] dyd[b, u, v, o].
  const r = tf.conv2d(
    tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D,
    tf.transpose(dyd, [1, 2, 0, 3]) as tf.Tensor4D,
    1,
    'valid',
  );
  return tf.transpose(tf.slice(r, [0, 0, 0, 0], [ci, kh, kw, co]), [1, 2, 0, 3]);
}
