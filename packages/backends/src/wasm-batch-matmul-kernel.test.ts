import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init';
import { computeOn, deterministicTensor, deterministicValues, maxAbsDifference } from './testing/compare';
import { restoreWasmBatchMatMul, useSimdBatchMatMul } from './wasm-batch-matmul-kernel';

/** The product on the cpu backend (the reference) and on wasm, as flat arrays with shapes. */
async function bothBackends(shapeA: number[], shapeB: number[], transposeA: boolean, transposeB: boolean) {
  const product = () => tf.matMul(deterministicTensor(shapeA, 1), deterministicTensor(shapeB, 2), transposeA, transposeB);
  const expected = await computeOn('cpu', product);
  const actual = await computeOn('wasm', product);
  return { expected, actual };
}

describe('the SIMD batched-matmul wasm kernel', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is installed by initBackend and can be swapped back for A/B runs', () => {
    const installed = tf.getKernel(tf.BatchMatMul, 'wasm');
    useSimdBatchMatMul();
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(installed?.kernelFunc);
    restoreWasmBatchMatMul();
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).not.toBe(installed?.kernelFunc);
    useSimdBatchMatMul();
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(installed?.kernelFunc);
  });

  // Every layout the three kernels serve: columns (B untransposed), dots (B transposed), strided
  // (both transposed); widths that exercise the 16-, 4- and 1-column loops; broadcast batches;
  // batch 1 (left to XNNPACK); empty dimensions.
  const cases: Array<[number[], number[], boolean, boolean]> = [
    [[25, 10, 40], [25, 40, 40], false, false],
    [[25, 10, 40], [25, 40, 40], false, true],
    [[25, 40, 10], [25, 40, 40], true, false],
    [[25, 40, 10], [25, 40, 40], true, true],
    [[25, 10, 1], [25, 1, 40], false, false],
    [[25, 10, 40], [25, 40, 1], false, false],
    [[7, 3, 5], [7, 5, 23], false, false],
    [[7, 3, 9], [7, 23, 9], false, true],
    [[1, 10, 7], [3, 7, 5], false, false],
    [[3, 10, 7], [7, 5], false, false],
    [[3, 7, 10], [5, 7], true, true],
    [[2, 3, 5, 6], [2, 3, 6, 9], false, false],
    [[250, 40], [40, 40], false, false],
    [[4, 0, 3], [4, 3, 5], false, false],
    [[4, 2, 0], [4, 0, 5], false, false],
    [[0, 2, 3], [0, 3, 5], false, false],
  ];
  for (const [shapeA, shapeB, transposeA, transposeB] of cases) {
    it(`matches the cpu backend for ${JSON.stringify(shapeA)} x ${JSON.stringify(shapeB)}, transposeA=${transposeA}, transposeB=${transposeB}`, async () => {
      const { expected, actual } = await bothBackends(shapeA, shapeB, transposeA, transposeB);
      expect(actual.shape).toEqual(expected.shape);
      expect(actual.data.length).toBe(expected.data.length);
      expect(maxAbsDifference(actual.data, expected.data)).toBeLessThan(1e-5);
      if (![...shapeA, ...shapeB].includes(0)) expect(maxAbsDifference(actual.data, new Float32Array(actual.data.length))).toBeGreaterThan(0);
    });
  }

  it('gives the same first and second derivatives as the cpu backend', async () => {
    // f(w) = sum(tanh(x w) w^T...) through batched products, differentiated twice.
    const x = deterministicValues([6, 4, 5], 3);
    const w = deterministicValues([6, 5, 5], 4);
    const v = deterministicValues([6, 5, 5], 5);
    const run = async (backend: string) =>
      (
        await computeOn(backend, () => {
          const xs = tf.tensor(x, [6, 4, 5]);
          const f = (weights: tf.Tensor) => tf.sum(tf.matMul(tf.tanh(tf.matMul(xs, weights)), weights, false, true));
          const g = (weights: tf.Tensor) => tf.grad(f)(weights);
          // Hessian-vector product: the gradient of <grad f(w), v>.
          const hv = tf.grad((weights: tf.Tensor) => tf.sum(tf.mul(g(weights), tf.tensor(v, [6, 5, 5]))))(tf.tensor(w, [6, 5, 5]));
          return tf.concat([tf.reshape(g(tf.tensor(w, [6, 5, 5])), [-1]), tf.reshape(hv, [-1])]);
        })
      ).data;
    const expected = await run('cpu');
    const actual = await run('wasm');
    expect(maxAbsDifference(actual, expected)).toBeLessThan(1e-4);
  });

  it('leaks no tensors or buffers', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor(deterministicValues([8, 3, 4], 6), [8, 3, 4]);
    const b = tf.tensor(deterministicValues([8, 4, 4], 7), [8, 4, 4]);
    tf.matMul(a, b).dispose();
    const before = tf.memory();
    const backendBuffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 100; i++) tf.matMul(a, b, false, i % 2 === 0).dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.engine().backend.numDataIds()).toBe(backendBuffers);
    tf.dispose([a, b]);
  });

  it('refuses mismatched inner dimensions with tfjs\'s message', async () => {
    await tf.setBackend('wasm');
    const a = tf.zeros([2, 3, 4]);
    const b = tf.zeros([2, 5, 6]);
    expect(() => tf.matMul(a, b)).toThrow(/inner shapes/);
    tf.dispose([a, b]);
  });
});
