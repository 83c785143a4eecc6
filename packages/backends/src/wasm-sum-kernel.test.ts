import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init';
import { computeOn, deterministicTensor, maxAbsDifference } from './testing/compare';
import { restoreWasmSum, useSimdSum } from './wasm-sum-kernel';

function sumOn(backend: string, shape: number[], axis: number | number[], keepDims: boolean) {
  return computeOn(backend, () => tf.sum(deterministicTensor(shape, 1), axis, keepDims));
}

describe('the SIMD wasm Sum kernel', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is installed by initBackend and can be swapped back for A/B runs', () => {
    const installed = tf.getKernel(tf.Sum, 'wasm');
    useSimdSum();
    expect(tf.getKernel(tf.Sum, 'wasm')?.kernelFunc).toBe(installed?.kernelFunc);
    restoreWasmSum();
    expect(tf.getKernel(tf.Sum, 'wasm')?.kernelFunc).not.toBe(installed?.kernelFunc);
    useSimdSum();
    expect(tf.getKernel(tf.Sum, 'wasm')?.kernelFunc).toBe(installed?.kernelFunc);
  });

  // Leading blocks (batch-norm statistics), middle blocks (per-task bias gradients), widths that
  // exercise the 16-, 4- and 1-column loops, negative axes, and the cases left to tfjs: innermost
  // axes, scattered axes, all axes, an empty tensor.
  const cases: Array<[number[], number | number[]]> = [
    [[20, 28, 28, 32], [0, 1, 2]],
    [[25, 10, 40], 1],
    [[25, 10, 40], 0],
    [[7, 5, 3], [0, 1]],
    [[4, 6, 21], [1]],
    [[3, 4, 5, 2], [-3, -2]],
    [[6, 7], -1],
    [[3, 4, 5], [0, 2]],
    [[3, 4, 5], [0, 1, 2]],
    [[0, 4, 5], [0]],
  ];
  for (const [shape, axis] of cases) {
    for (const keepDims of [false, true]) {
      it(`matches the cpu backend for shape ${JSON.stringify(shape)}, axis ${JSON.stringify(axis)}, keepDims ${keepDims}`, async () => {
        const expected = await sumOn('cpu', shape, axis, keepDims);
        const actual = await sumOn('wasm', shape, axis, keepDims);
        expect(actual.shape).toEqual(expected.shape);
        expect(actual.data.length).toBe(expected.data.length);
        expect(maxAbsDifference(expected.data, actual.data)).toBeLessThan(1e-3);
      });
    }
  }

  it('leaves int32 sums to tfjs', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor([[1, 2], [3, 4]], [2, 2], 'int32');
    const s = tf.sum(x, 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(await s.data())).toEqual([4, 6]);
    tf.dispose([x, s]);
  });

  it('leaks no tensors or buffers', async () => {
    await tf.setBackend('wasm');
    const x = deterministicTensor([4, 5, 6], 2);
    tf.sum(x, 0).dispose();
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 50; i++) tf.sum(x, [0, 1], i % 2 === 0).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    x.dispose();
  });
});
