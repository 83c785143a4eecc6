import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init';
import { type ConvGeometry as Geometry, computeOn, deterministicTensor, maxAbsDifference } from './testing/compare';
import { restoreWasmConvInputGrad, useConvInputGradByConv } from './wasm-conv-input-grad-kernel';

/** The input gradient of conv2d for a fixed dy, on one backend. */
function inputGradient(backend: string, g: Geometry): Promise<{ shape: number[]; data: Float32Array }> {
  return computeOn(backend, () => {
    const dyShape = tf.backend_util.computeConv2DInfo(g.input, g.filter, g.strides, 1, g.pad).outShape;
    const dy = deterministicTensor(dyShape, 1);
    const filter = deterministicTensor(g.filter, 2);
    return tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', inputShape: g.input } as unknown as tf.NamedAttrMap) as tf.Tensor;
  });
}

describe('the wasm Conv2DBackpropInput kernel that runs a convolution', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is installed by initBackend and can be swapped back for A/B runs', () => {
    const installed = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
    useConvInputGradByConv();
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc).toBe(installed?.kernelFunc);
    restoreWasmConvInputGrad();
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc).not.toBe(installed?.kernelFunc);
    useConvInputGradByConv();
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc).toBe(installed?.kernelFunc);
  });

  // conv4's 3x3 'same', 'valid', even kernels (asymmetric 'same' padding), explicit padding,
  // non-square kernels, 1x1; a dy much smaller than the input and strides > 1 (tfjs's kernel).
  const geometries: Geometry[] = [
    { input: [20, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: 'same' },
    { input: [4, 14, 14, 32], filter: [3, 3, 32, 32], strides: 1, pad: 'same' },
    { input: [3, 9, 7, 5], filter: [3, 3, 5, 6], strides: 1, pad: 'valid' },
    { input: [2, 8, 8, 3], filter: [2, 2, 3, 4], strides: 1, pad: 'same' },
    { input: [2, 8, 6, 3], filter: [4, 3, 3, 2], strides: 1, pad: 'same' },
    { input: [2, 7, 7, 2], filter: [3, 3, 2, 3], strides: 1, pad: [[0, 0], [2, 0], [1, 2], [0, 0]] },
    { input: [2, 5, 5, 4], filter: [1, 1, 4, 3], strides: 1, pad: 'valid' },
    { input: [4, 16, 16, 3], filter: [14, 14, 3, 4], strides: 1, pad: 'valid' },
    { input: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
    { input: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: [1, 2], pad: 'valid' },
  ];
  for (const g of geometries) {
    it(`matches the cpu backend for input ${JSON.stringify(g.input)}, filter ${JSON.stringify(g.filter)}, strides ${JSON.stringify(g.strides)}, pad ${JSON.stringify(g.pad)}`, async () => {
      const expected = await inputGradient('cpu', g);
      const actual = await inputGradient('wasm', g);
      expect(actual.shape).toEqual(g.input);
      expect(expected.shape).toEqual(g.input);
      expect(maxAbsDifference(expected.data, actual.data)).toBeLessThan(1e-4);
    });
  }

  it('leaks no tensors or buffers', async () => {
    await tf.setBackend('wasm');
    const g: Geometry = { input: [2, 6, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' };
    const dy = deterministicTensor([2, 6, 6, 4], 3);
    const filter = deterministicTensor(g.filter, 4);
    const run = () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: g.input } as unknown as tf.NamedAttrMap) as tf.Tensor;
    run().dispose();
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 50; i++) run().dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    tf.dispose([dy, filter]);
  });
});
