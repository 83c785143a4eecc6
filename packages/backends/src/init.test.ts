import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { MetatuneError } from '@metatune/core';
import { initBackend } from './init';
import { BACKEND_NAMES } from './names';

async function rejection(promise: Promise<unknown>): Promise<MetatuneError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MetatuneError);
    return error as MetatuneError;
  }
  throw new Error('expected a rejection');
}

/** A MetatuneError's message is the problem followed by the hint in parentheses. */
function withHint(message: string, error: MetatuneError): string {
  return `${message} (${error.hint})`;
}

describe('initBackend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('starts wasm by default in Node, without any path setup, and computes on it', async () => {
    const active = await initBackend();
    expect(active).toEqual({ name: 'wasm', tfName: 'wasm', requested: 'auto' });
    expect(tf.getBackend()).toBe('wasm');
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await y.data())).toEqual([11]);
    y.dispose();
  });

  it('switches to cpu and back to wasm, same numbers on both', async () => {
    const compute = async () => {
      const x = tf.tensor1d([0.5, -1.5, 2]);
      const out = Array.from(await tf.tanh(x).data());
      x.dispose();
      return out;
    };
    expect(await initBackend('cpu')).toMatchObject({ name: 'cpu', tfName: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    const onCpu = await compute();
    await initBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const onWasm = await compute();
    onWasm.forEach((v, i) => expect(v).toBeCloseTo(onCpu[i], 5));
  });

  it('rejects an unknown name with UNKNOWN_BACKEND listing the valid names', async () => {
    const error = await rejection(initBackend('tpu' as never));
    expect(error.code).toBe('UNKNOWN_BACKEND');
    expect(error.message).toContain('"tpu"');
    for (const name of BACKEND_NAMES) expect(error.hint).toContain(name);
  });

  it.each([
    ['node', '@tensorflow/tfjs-node'],
    ['node-gpu', '@tensorflow/tfjs-node-gpu'],
  ] as const)('explains how to install %s when its package is absent, and names the fallback', async (name, pkg) => {
    const before = tf.getBackend();
    const error = await rejection(initBackend(name));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toBe(withHint(`backend "${name}" needs ${pkg}, which is not installed`, error));
    expect(error.hint).toContain(`npm install ${pkg}@^4.22.0`);
    expect(error.hint).toContain("initBackend('wasm')");
    expect(error.hint).toContain("'cpu'");
    // A failed attempt leaves the active backend alone.
    expect(tf.getBackend()).toBe(before);
  });

  it.each(['webgl', 'webgpu'] as const)('refuses %s in Node, pointing at the Node backends', async (name) => {
    const error = await rejection(initBackend(name));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toBe(withHint(`backend "${name}" runs only in browsers`, error));
    expect(error.hint).toMatch(/'wasm'.*'node'/);
  });

  it('rejects a non-integer thread count before touching the backend', async () => {
    const error = await rejection(initBackend('wasm', { threads: 0 }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/threads must be a positive integer/);
  });
});
