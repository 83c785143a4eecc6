import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init';
import { type ConvGeometry as Geometry, computeOn, deterministicTensor, deterministicValues, maxAbsDifference } from './testing/compare';
import { removeWasmConvFilterGrad, useWasmConvFilterGrad } from './wasm-conv-filter-grad-kernel';

function filterGradient(g: Geometry): tf.Tensor {
  return tf.tidy(() => {
    const dyShape = tf.backend_util.computeConv2DInfo(g.input, g.filter, g.strides, 1, g.pad).outShape;
    const x = deterministicTensor(g.input, 1);
    const dy = deterministicTensor(dyShape, 2);
    return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', filterShape: g.filter } as unknown as tf.NamedAttrMap) as tf.Tensor;
  });
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
      const expected = await computeOn('cpu', () => filterGradient(g));
      const actual = await computeOn('wasm', () => filterGradient(g));
      expect(expected.shape).toEqual(g.filter);
      expect(actual.shape).toEqual(g.filter);
      expect(maxAbsDifference(expected.data, actual.data)).toBeLessThan(1e-3);
    });
  }

  it('gives tf.grad of a convolution the cpu backend\'s first and second derivatives', async () => {
    const x = deterministicValues([3, 6, 6, 2], 5);
    const w = deterministicValues([3, 3, 2, 4], 6);
    const run = async (backend: string) =>
      (
        await computeOn(backend, () => {
          const xs = tf.tensor(x, [3, 6, 6, 2]) as tf.Tensor4D;
          const loss = (filter: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xs, filter as tf.Tensor4D, 1, 'same')));
          const gradient = (filter: tf.Tensor) => tf.grad(loss)(filter);
          // The gradient of the squared gradient norm differentiates Conv2DBackpropFilter.
          const second = tf.grad((filter: tf.Tensor) => tf.sum(tf.square(gradient(filter))))(tf.tensor(w, [3, 3, 2, 4]));
          return tf.concat([tf.reshape(gradient(tf.tensor(w, [3, 3, 2, 4])), [-1]), tf.reshape(second, [-1])]);
        })
      ).data;
    const expected = await run('cpu');
    const actual = await run('wasm');
    const worst = maxAbsDifference(expected, actual);
    const scale = maxAbsDifference(expected, new Float32Array(expected.length));
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
