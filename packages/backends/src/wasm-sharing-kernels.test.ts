import * as tf from '@tensorflow/tfjs-core';
import { grad, hvp } from '@metatune/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init';
import { restoreWasmCopyingKernels, shareWasmBuffers } from './wasm-sharing-kernels';

describe('the buffer-sharing wasm Identity and Cast kernels', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('are installed by initBackend, idempotently, and can be swapped back for A/B runs', () => {
    const installed = tf.getKernel(tf.Identity, 'wasm');
    shareWasmBuffers();
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).toBe(installed?.kernelFunc);
    restoreWasmCopyingKernels();
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).not.toBe(installed?.kernelFunc);
    const x = tf.tensor1d([1, 2]);
    const before = tf.memory().numDataBuffers;
    const copy = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(before + 1); // the copying kernel made a new buffer
    tf.dispose([x, copy]);
    shareWasmBuffers();
    expect(tf.getKernel(tf.Identity, 'wasm')).toBeDefined();
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).not.toBe(installed?.kernelFunc); // a fresh sharing kernel
  });

  it('share on a same-dtype Cast and convert on a real one', async () => {
    const x = tf.tensor1d([1.5, -2.5]);
    const before = tf.memory().numDataBuffers;
    const same = tf.cast(x, 'float32');
    expect(tf.memory().numDataBuffers).toBe(before);
    const ints = tf.cast(x, 'int32');
    expect(tf.memory().numDataBuffers).toBe(before + 1);
    expect(Array.from(await ints.data())).toEqual([1, -2]);
    x.dispose();
    expect(Array.from(await same.data())).toEqual([1.5, -2.5]);
    tf.dispose([same, ints]);
  });

  it('shares the buffer: a clone outlives its source and the memory is freed with the last reference', async () => {
    const before = tf.memory();
    const backendBuffers = tf.engine().backend.numDataIds();
    const x = tf.tensor1d([1, 2, 3]);
    const copy = tf.clone(x);
    // (the memory check below is against the sharing kernel)
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
