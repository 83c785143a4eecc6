import * as tf from '@tensorflow/tfjs-core';
import { grad, hvp } from '@metatune/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init';
import { shareWasmIdentityBuffers } from './wasm-identity';

describe('the buffer-sharing wasm Identity', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is installed by initBackend, idempotently', () => {
    const installed = tf.getKernel(tf.Identity, 'wasm');
    shareWasmIdentityBuffers();
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).toBe(installed?.kernelFunc);
  });

  it('shares the buffer: a clone outlives its source and the memory is freed with the last reference', async () => {
    const before = tf.memory();
    const backendBuffers = tf.engine().backend.numDataIds();
    const x = tf.tensor1d([1, 2, 3]);
    const copy = tf.clone(x);
    // one buffer for both tensors (tfjs counts numBytes per tensor, buffers per data id)
    expect(tf.memory().numDataBuffers - before.numDataBuffers).toBe(1);
    expect(tf.engine().backend.numDataIds()).toBe(backendBuffers + 1);
    expect(tf.memory().numTensors - before.numTensors).toBe(2);
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3]);
    copy.dispose();
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.engine().backend.numDataIds()).toBe(backendBuffers);
  });

  it('gives the same first and second derivatives as the cpu backend (tfjs clones saved tensors through Identity)', async () => {
    const f = (p: tf.Tensor) => tf.sum(tf.mul(tf.tanh(tf.matMul(tf.reshape(p, [2, 2]), tf.reshape(p, [2, 2]))), tf.reshape(p, [2, 2])));
    const compute = () =>
      tf.tidy(() => {
        const p = tf.tensor1d([0.3, -0.7, 1.1, 0.4]);
        const g = grad(f)(p) as tf.Tensor;
        const h = hvp(f, p, tf.tensor1d([1, 0.5, -0.25, 2])) as tf.Tensor;
        return [Array.from(g.dataSync()), Array.from(h.dataSync())];
      });
    const onWasm = compute();
    await tf.setBackend('cpu');
    const onCpu = compute();
    await initBackend('wasm');
    for (let i = 0; i < 4; i++) {
      expect(onWasm[0][i]).toBeCloseTo(onCpu[0][i], 5);
      expect(onWasm[1][i]).toBeCloseTo(onCpu[1][i], 4);
    }
  });
});
