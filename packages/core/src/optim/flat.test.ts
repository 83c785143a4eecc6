import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import { MetatuneError } from '../errors';
import { leaves, mapParams, zipParams } from '../params/tree';
import type { Params } from '../params/types';
import { useBackend } from '../testing/backends';
import { adam } from './adam';
import { applyUpdates } from './common';
import { flat } from './flat';
import { momentum } from './momentum';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';
import type { Optimizer } from './types';

function tree(seed: number): Params {
  return {
    layer0: { w: tf.randomNormal([3, 4], 0, 1, 'float32', seed), b: tf.randomNormal([4], 0, 1, 'float32', seed + 1) },
    layer1: { w: tf.randomNormal([4, 1], 0, 1, 'float32', seed + 2), b: tf.randomNormal([1], 0, 1, 'float32', seed + 3) },
  };
}

function maxDiff(a: Params, b: Params): number {
  return Math.max(...leaves(zipParams(a, b, (p, q) => tf.max(tf.abs(tf.sub(p, q))))).map(([, t]) => t.dataSync()[0]));
}

/** Runs `steps` updates of `optimizer` with gradients drawn from `seed + step`. */
function run(optimizer: Optimizer, steps: number): Params {
  let params = tree(1);
  let state = optimizer.init(params);
  for (let s = 0; s < steps; s++) {
    const grads = mapParams(tree(100 + s), (g) => tf.mul(g, 0.5));
    const { updates, state: next } = optimizer.update(grads, state, params);
    params = applyUpdates(params, updates);
    state = next;
  }
  return params;
}

describe('optim.flat', () => {
  beforeAll(() => useBackend('cpu'));

  it.each([
    ['sgd', () => sgd({ lr: 0.1, weightDecay: 0.01 })],
    ['momentum', () => momentum({ lr: 0.05, beta: 0.9, nesterov: true })],
    ['adam', () => adam({ lr: 1e-2 })],
    ['rmsprop', () => rmsprop({ lr: 1e-2 })],
  ])('gives the wrapped %s its own numbers over 5 steps, in one vector', (_, make) => {
    tf.tidy(() => {
      const perTensor = run(make(), 5);
      const onVector = run(flat(make()), 5);
      expect(maxDiff(perTensor, onVector)).toBeLessThan(1e-6);
    });
  });

  it('keeps one vector per moment and launches far fewer kernels than the per-tensor form', async () => {
    const params = tree(1);
    const grads = tree(2);
    const kernels = async (optimizer: Optimizer) => {
      const state = optimizer.init(params);
      const info = await tf.profile(() => {
        tf.dispose(leaves(optimizer.update(grads, state, params).updates).map(([, t]) => t));
      });
      return info.kernels.length;
    };
    const state = flat(adam({ lr: 1e-3 })).init(params);
    expect(Object.fromEntries(leaves(state).map(([path, t]) => [path, t.shape]))).toEqual({ step: [], 'm/vector': [21], 'v/vector': [21] });
    const perTensor = await kernels(adam({ lr: 1e-3 }));
    const onVector = await kernels(flat(adam({ lr: 1e-3 })));
    expect(onVector).toBeLessThan(perTensor * 0.7);
  });

  it('refuses a per-parameter learning-rate tree, which does not fit the vector', () => {
    tf.tidy(() => {
      const params = tree(1);
      const rates = mapParams(params, () => tf.scalar(0.1));
      const optimizer = flat(sgd({ lr: rates }));
      expect(() => optimizer.update(tree(2), optimizer.init(params), params)).toThrow(MetatuneError);
    });
  });
});
