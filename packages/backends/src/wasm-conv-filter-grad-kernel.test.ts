import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init';
import { removeWasmConvFilterGrad, useWasmConvFilterGrad } from './wasm-conv-filter-grad-kernel';

/** Deterministic values in [-1, 1), the same on both backends. */
function values(shape: number[], seed: number): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 1073741824 - 1;
  }
  return out;
}

interface Geometry {
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding;
}

function filterGradient(g: Geometry): tf.Tensor {
  const dyShape = tf.backend_util.computeConv2DInfo(g.input, g.filter, g.strides, 1, g.pad).outShape;
  const x = tf.tensor(values(g.input, 1), g.input);
  const dy = tf.tensor(values(dyShape, 2), dyShape);
  const dw = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', filterShape: g.filter } as unknown as tf.NamedAttrMap) as tf.Tensor;
  tf.dispose([x, dy]);
  return dw;
}

async function onBackend(backend: string, g: Geometry): Promise<{ shape: number[]; data: Float32Array }> {
  await tf.setBackend(backend);
  const dw = filterGradient(g);
  const result = { shape: dw.shape, data: (await dw.data()) as Float32Array };
  dw.dispose();
  return result;
}

describe('the wasm Conv2DBackpropFilter kernel', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is installed by initBackend and can be removed for A/B runs', () => {
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
    removeWasmConvFilterGrad();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
    useWasmConvFilterGrad();
    useWasmConvFilterGrad();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
  });

  // conv4 with max pooling (stride 1, 'same') and without (stride 2), 'valid', even and
  // non-square kernels (asymmetric padding), explicit padding, 1x1, a single image.
  const geometries: Geometry[] = [
    { input: [20, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: 'same' },
    { input: [4, 14, 14, 8], filter: [3, 3, 8, 8], strides: 1, pad: 'same' },
    { input: [4, 28, 28, 1], filter: [3, 3, 1, 8], strides: 2, pad: 'same' },
    { input: [3, 9, 7, 5], filter: [3, 3, 5, 6], strides: 1, pad: 'valid' },
    { input: [3, 10, 9, 4], filter: [3, 3, 4, 5], strides: [2, 3], pad: 'valid' },
    { input: [2, 8, 6, 3], filter: [4, 3, 3, 2], strides: 1, pad: 'same' },
    { input: [2, 7, 7, 2], filter: [3, 3, 2, 3], strides: 1, pad: [[0, 0], [2, 0], [1, 2], [0, 0]] },
    { input: [2, 5, 5, 4], filter: [1, 1, 4, 3], strides: 1, pad: 'valid' },
    { input: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 2, pad: 'same' },
  ];
  for (const g of geometries) {
    it(`matches the cpu backend for input ${JSON.stringify(g.input)}, filter ${JSON.stringify(g.filter)}, strides ${JSON.stringify(g.strides)}, pad ${JSON.stringify(g.pad)}`, async () => {
      const expected = await onBackend('cpu', g);
      const actual = await onBackend('wasm', g);
      expect(expected.shape).toEqual(g.filter);
      expect(actual.shape).toEqual(g.filter);
      let worst = 0;
      for (let i = 0; i < expected.data.length; i++) worst = Math.max(worst, Math.abs(expected.data[i]! - actual.data[i]!));
      expect(worst).toBeLessThan(1e-3);
    });
  }

  it('gives tf.grad of a convolution the cpu backend\'s first and second derivatives', async () => {
    const x = values([3, 6, 6, 2], 5);
    const w = values([3, 3, 2, 4], 6);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const result = tf.tidy(() => {
        const xs = tf.tensor(x, [3, 6, 6, 2]) as tf.Tensor4D;
        const loss = (filter: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xs, filter as tf.Tensor4D, 1, 'same')));
        const gradient = (filter: tf.Tensor) => tf.grad(loss)(filter);
        // The gradient of the squared gradient norm differentiates Conv2DBackpropFilter.
        const second = tf.grad((filter: tf.Tensor) => tf.sum(tf.square(gradient(filter))))(tf.tensor(w, [3, 3, 2, 4]));
        return tf.concat([tf.reshape(gradient(tf.tensor(w, [3, 3, 2, 4])), [-1]), tf.reshape(second, [-1])]);
      });
      const data = (await result.data()) as Float32Array;
      result.dispose();
      return data;
    };
    const expected = await run('cpu');
    const actual = await run('wasm');
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i]! - actual[i]!));
      scale = Math.max(scale, Math.abs(expected[i]!));
    }
    expect(worst).toBeLessThan(1e-4 * scale);
  });

  it('leaks no tensors or buffers', async () => {
    await tf.setBackend('wasm');
    const g: Geometry = { input: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' };
    filterGradient(g).dispose();
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 30; i++) filterGradient(g).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
  });
});
