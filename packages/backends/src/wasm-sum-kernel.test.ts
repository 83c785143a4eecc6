import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init';
import { restoreWasmSum, useSimdSum } from './wasm-sum-kernel';

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

async function sumOn(backend: string, shape: number[], axis: number | number[], keepDims: boolean) {
  await tf.setBackend(backend);
  const x = tf.tensor(values(shape, 1), shape);
  const s = tf.sum(x, axis, keepDims);
  const result = { shape: s.shape, data: await s.data() };
  tf.dispose([x, s]);
  return result;
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
        let worst = 0;
        for (let i = 0; i < expected.data.length; i++) worst = Math.max(worst, Math.abs(expected.data[i]! - actual.data[i]!));
        expect(worst).toBeLessThan(1e-3);
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
    const x = tf.tensor(values([4, 5, 6], 2), [4, 5, 6]);
    tf.sum(x, 0).dispose();
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 50; i++) tf.sum(x, [0, 1], i % 2 === 0).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    x.dispose();
  });
});
