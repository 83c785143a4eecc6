/** Helpers for the kernel tests: the same inputs on every backend, and the comparison of results. */
import * as tf from '@tensorflow/tfjs-core';

/** Deterministic values in [-scale, scale) (no RNG kernels, so every backend sees the same inputs). */
export function deterministicValues(shape: number[], seed: number, scale = 1): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = scale * (s / 1073741824 - 1);
  }
  return out;
}

/** A tensor of {@link deterministicValues}. */
export function deterministicTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  return tf.tensor(deterministicValues(shape, seed, scale), shape);
}

/** The largest |x_i - y_i|. */
export function maxAbsDifference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}

/** Activates `backend`, runs `make` in a scope and reads its result back (the tensor is disposed). */
export async function computeOn(backend: string, make: () => tf.Tensor): Promise<{ shape: number[]; data: Float32Array }> {
  await tf.setBackend(backend);
  const result = tf.tidy(make);
  const out = { shape: result.shape, data: (await result.data()) as Float32Array };
  result.dispose();
  return out;
}

/** A convolution's shapes, strides and padding (NHWC). */
export interface ConvGeometry {
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding;
}
