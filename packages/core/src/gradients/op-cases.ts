/**
 * Test support (not exported): the ops of the capability matrix, each as a scalar function of
 * one float32 tensor. Linear ops are followed by a cubic read-out so that their second and
 * third derivatives are not trivially zero; points sit away from kinks (relu, abs, max) by more
 * than the finite-difference stencil reaches.
 */
import * as tf from '@tensorflow/tfjs-core';

/** One row of the capability matrix. */
export interface OpCase {
  /** Row label in the README table. */
  name: string;
  /** The tfjs kernels the case exercises. */
  kernels: string[];
  f: (x: tf.Tensor) => tf.Scalar;
  x: () => tf.Tensor;
  /**
   * Set for ops metatune cannot fix (customGrad ops that save their forward output): the test
   * then asserts the second derivative is NOT right, so the matrix documents the trap.
   */
  limitation?: string;
}

/** Deterministic, irregular values in [-1, 1] (no RNG needed, no ties). */
export function wave(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + (i + 1) * 78.233 * 0.0137 + i * i * 0.31));
}

function values(shape: number[], seed: number, scale = 1, offset = 0): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(wave(n, seed).map((v) => offset + scale * v), shape, 'float32');
}

/** sum(w₁·y) + sum(w₂·y³)/6 with fixed weights: a smooth read-out with non-zero third derivative. */
function readout(y: tf.Tensor, seed = 7): tf.Scalar {
  const w1 = values(y.shape, seed);
  const w2 = values(y.shape, seed + 1);
  return tf.add(tf.sum(tf.mul(w1, y)), tf.div(tf.sum(tf.mul(w2, tf.mul(y, tf.mul(y, y)))), 6)) as tf.Scalar;
}

/** log-softmax written as x − logSumExp(x): right to any order (tf.logSoftmax is not; see softmax.ts). */
function logSoftmax(x: tf.Tensor): tf.Tensor {
  return tf.sub(x, tf.logSumExp(x, -1, true));
}

const conv = (x: tf.Tensor, w: tf.Tensor, stride: number, pad: 'same' | 'valid') => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad);

/** Splits a flat vector into tensors of the given shapes (so one x drives several inputs). */
function parts(x: tf.Tensor, ...shapes: number[][]): tf.Tensor[] {
  let at = 0;
  return shapes.map((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    const t = tf.reshape(tf.slice(x, [at], [n]), s);
    at += n;
    return t;
  });
}

const size = (...shapes: number[][]) => shapes.reduce((a, s) => a + s.reduce((p, q) => p * q, 1), 0);

/** The capability-matrix rows. */
export const OP_CASES: OpCase[] = [
  { name: 'x·exp(x)', kernels: ['Exp', 'Multiply'], f: (x) => tf.sum(tf.mul(x, tf.exp(x))), x: () => tf.tensor1d([0.5, -0.3, 1.1]) },
  { name: 'sigmoid via exp: 1/(1+exp(−x))', kernels: ['Exp', 'RealDiv', 'Add', 'Neg'], f: (x) => readout(tf.div(1, tf.add(1, tf.exp(tf.neg(x))))), x: () => values([5], 1, 2) },
  { name: 'exp', kernels: ['Exp'], f: (x) => readout(tf.exp(x)), x: () => values([5], 2) },
  { name: 'log', kernels: ['Log'], f: (x) => readout(tf.log(x)), x: () => values([5], 3, 0.5, 1.5) },
  { name: 'tanh', kernels: ['Tanh'], f: (x) => readout(tf.tanh(x)), x: () => values([5], 4, 1.5) },
  { name: 'sigmoid', kernels: ['Sigmoid'], f: (x) => readout(tf.sigmoid(x)), x: () => values([5], 5, 2) },
  { name: 'softplus', kernels: ['Softplus'], f: (x) => readout(tf.softplus(x)), x: () => values([5], 6, 2) },
  { name: 'relu', kernels: ['Relu'], f: (x) => readout(tf.relu(x)), x: () => tf.tensor1d([0.7, -0.4, 1.3, -1.1, 0.25]) },
  { name: 'elu', kernels: ['Elu'], f: (x) => readout(tf.elu(x)), x: () => tf.tensor1d([0.7, -0.4, 1.3, -1.1, 0.25]) },
  { name: 'leakyRelu', kernels: ['LeakyRelu'], f: (x) => readout(tf.leakyRelu(x, 0.2)), x: () => tf.tensor1d([0.7, -0.4, 1.3, -1.1, 0.25]) },
  { name: 'where(x > 0, ·, ·)', kernels: ['Select', 'Greater'], f: (x) => readout(tf.where(tf.greater(x, 0), tf.square(x), tf.neg(x))), x: () => tf.tensor1d([0.7, -0.4, 1.3, -1.1, 0.25]) },
  { name: 'abs, neg', kernels: ['Abs', 'Neg'], f: (x) => readout(tf.neg(tf.abs(x))), x: () => tf.tensor1d([0.7, -0.4, 1.3, -1.1, 0.25]) },
  { name: 'sqrt, rsqrt', kernels: ['Sqrt', 'Rsqrt'], f: (x) => readout(tf.add(tf.sqrt(x), tf.rsqrt(x))), x: () => values([5], 8, 0.5, 1.5) },
  { name: 'square, pow(x, 3)', kernels: ['Square', 'Pow'], f: (x) => readout(tf.add(tf.square(x), tf.pow(x, 3))), x: () => values([5], 9, 0.5, 1.2) },
  { name: 'pow(a, x) (exponent)', kernels: ['Pow'], f: (x) => readout(tf.pow(tf.scalar(1.7), x)), x: () => values([5], 10) },
  { name: 'maximum, minimum', kernels: ['Maximum', 'Minimum'], f: (x) => readout(tf.add(tf.maximum(x, 0.1), tf.minimum(x, tf.mul(x, 0.5)))), x: () => tf.tensor1d([0.7, -0.4, 1.3, -1.1, 0.35]) },
  { name: 'clipByValue', kernels: ['ClipByValue'], f: (x) => readout(tf.mul(x, tf.clipByValue(x, -0.5, 0.9))), x: () => tf.tensor1d([0.7, -0.4, 1.3, -1.1, 0.25]) },
  { name: 'max, min (reductions)', kernels: ['Max', 'Min'], f: (x) => readout(tf.add(tf.max(tf.mul(x, x), 1), tf.min(x, 1))), x: () => tf.tensor2d([[0.7, -0.4, 1.3], [-1.1, 0.25, 0.6]]) },
  { name: 'sum, mean', kernels: ['Sum', 'Mean'], f: (x) => readout(tf.add(tf.sum(tf.square(x), 0), tf.mean(x, 0))), x: () => values([3, 2], 11) },
  { name: 'softmax', kernels: ['Softmax'], f: (x) => readout(tf.softmax(x)), x: () => values([2, 4], 12, 2) },
  { name: 'logSumExp', kernels: ['Max', 'Exp', 'Sum', 'Log'], f: (x) => readout(tf.logSumExp(x, -1)), x: () => values([2, 4], 13, 2) },
  {
    name: 'softmax cross-entropy (x − logSumExp)',
    kernels: ['Max', 'Exp', 'Log', 'Sum', 'Mean'],
    f: (x) => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(tf.tensor1d([2, 0, 3], 'int32'), 4), logSoftmax(tf.mul(x, x))), -1))) as tf.Scalar,
    x: () => values([3, 4], 14, 1.5),
  },
  {
    name: 'matMul (both operands)',
    kernels: ['BatchMatMul'],
    f: (x) => {
      const [a, b] = parts(x, [2, 3], [3, 2]) as [tf.Tensor2D, tf.Tensor2D];
      return readout(tf.matMul(a, b));
    },
    x: () => values([size([2, 3], [3, 2])], 15),
  },
  {
    name: 'batched matMul [T, N, d]',
    kernels: ['BatchMatMul'],
    f: (x) => {
      const [a, b] = parts(x, [2, 2, 3], [2, 2, 3]) as [tf.Tensor3D, tf.Tensor3D];
      return readout(tf.matMul(a, b, false, true));
    },
    x: () => values([size([2, 2, 3], [2, 2, 3])], 16),
  },
  {
    name: 'conv2d (input)',
    kernels: ['Conv2D', 'Conv2DBackpropInput'],
    f: (x) => readout(conv(tf.reshape(x, [1, 4, 4, 2]), values([3, 3, 2, 2], 17, 0.5), 1, 'same')),
    x: () => values([32], 18),
  },
  {
    name: 'conv2d (filter)',
    kernels: ['Conv2D', 'Conv2DBackpropFilter'],
    f: (x) => readout(conv(values([1, 4, 4, 2], 19), tf.reshape(x, [3, 3, 2, 2]), 1, 'same')),
    x: () => values([36], 20, 0.5),
  },
  {
    name: 'conv2d (input and filter, same, stride 1)',
    kernels: ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'],
    f: (x) => {
      const [i, w] = parts(x, [2, 4, 4, 1], [3, 3, 1, 2]);
      return readout(conv(i!, w!, 1, 'same'));
    },
    x: () => values([size([2, 4, 4, 1], [3, 3, 1, 2])], 21, 0.7),
  },
  {
    name: 'conv2d (input and filter, valid, stride 2)',
    kernels: ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'],
    f: (x) => {
      const [i, w] = parts(x, [1, 5, 5, 2], [3, 3, 2, 1]);
      return readout(conv(i!, w!, 2, 'valid'));
    },
    x: () => values([size([1, 5, 5, 2], [3, 3, 2, 1])], 22, 0.7),
  },
  {
    name: 'maxPool 2×2 stride 2',
    kernels: ['MaxPool', 'MaxPoolGrad'],
    f: (x) => readout(tf.maxPool(tf.reshape(x, [1, 4, 4, 2]) as tf.Tensor4D, 2, 2, 'valid')),
    x: () => tf.tensor(Float32Array.from({ length: 32 }, (_, i) => ((i * 37) % 32) / 16 - 1), [32]),
  },
  {
    name: 'maxPool 2×2 stride 2, all-negative windows',
    kernels: ['MaxPool', 'MaxPoolGrad'],
    f: (x) => readout(tf.maxPool(tf.reshape(x, [1, 4, 4, 1]) as tf.Tensor4D, 2, 2, 'valid')),
    x: () => tf.tensor(Float32Array.from({ length: 16 }, (_, i) => Math.sin(i * 1.37 + 0.2)), [16]),
  },
  {
    name: 'maxPool 3×3 stride 2 same (overlapping)',
    kernels: ['MaxPool', 'MaxPoolGrad'],
    f: (x) => readout(tf.maxPool(tf.reshape(x, [1, 5, 5, 1]) as tf.Tensor4D, 3, 2, 'same')),
    x: () => tf.tensor(Float32Array.from({ length: 25 }, (_, i) => ((i * 11) % 25) / 12.5 - 1), [25]),
  },
  {
    name: 'avgPool 2×2 stride 2',
    kernels: ['AvgPool', 'AvgPoolGrad'],
    f: (x) => readout(tf.avgPool(tf.reshape(x, [1, 4, 4, 2]) as tf.Tensor4D, 2, 2, 'valid')),
    x: () => values([32], 23),
  },
  {
    name: 'avgPool 3×3 stride 1 same',
    kernels: ['AvgPool', 'AvgPoolGrad'],
    f: (x) => readout(tf.avgPool(tf.reshape(x, [1, 4, 4, 1]) as tf.Tensor4D, 3, 1, 'same')),
    x: () => values([16], 24),
  },
  {
    name: 'batchNorm with batch statistics',
    kernels: ['FusedBatchNorm', 'Mean', 'SquaredDifference'],
    f: (x) => {
      const [h, scale, offset] = parts(x, [4, 3], [3], [3]);
      const { mean, variance } = tf.moments(h!, 0);
      return readout(tf.batchNorm(h!, mean, variance, offset!, scale!, 1e-3));
    },
    x: () => values([18], 25),
  },
  {
    name: 'reshape, transpose, tile, concat, slice, pad',
    kernels: ['Reshape', 'Transpose', 'Tile', 'Concat', 'Slice', 'PadV2'],
    f: (x) => {
      const m = tf.reshape(x, [2, 3]);
      const t = tf.concat([tf.transpose(m), tf.slice(tf.reshape(tf.tile(tf.slice(m, [0, 1], [2, 2]), [1, 2]), [4, -1]), [0, 0], [3, 1])], 1);
      return readout(tf.pad(t, [[1, 0], [0, 1]], 0.5));
    },
    x: () => values([6], 26),
  },
  {
    name: 'gather (axis 1, repeated indices)',
    kernels: ['GatherV2'],
    f: (x) => readout(tf.gather(tf.reshape(x, [2, 4]), tf.tensor1d([3, 0, 3, 1], 'int32'), 1)),
    x: () => values([8], 28),
  },
  {
    name: 'cast, neg, sub, realDiv',
    kernels: ['Cast', 'Neg', 'Sub', 'RealDiv'],
    f: (x) => readout(tf.div(tf.sub(tf.cast(x, 'float32'), 0.3), tf.add(tf.square(x), 1))),
    x: () => values([5], 27),
  },
  {
    name: 'tf.logSoftmax',
    kernels: ['customGrad'],
    f: (x) => readout(tf.logSoftmax(x)),
    x: () => values([2, 4], 29, 2),
    limitation: 'a customGrad saving its output; use x − tf.logSumExp(x, −1, true)',
  },
  {
    name: 'tf.losses.softmaxCrossEntropy',
    kernels: ['customGrad'],
    f: (x) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([2, 0, 3], 'int32'), 4), tf.mul(x, x)) as tf.Scalar,
    x: () => values([3, 4], 14, 1.5),
    limitation: 'a customGrad saving its output; use core losses.softmaxCrossEntropy',
  },
];
