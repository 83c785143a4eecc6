import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import { MetatuneError } from '../errors';
import { makeKey, normal } from '../random';
import { useBackend } from '../testing/backends';
import { countParams, flattenParams, leaves, mapParams, shapesOf, unflattenParams } from '../params';
import type { Params } from '../params/types';
import { softmaxCrossEntropy } from '../losses/classification';
import { batchParams } from './batch';
import { conv4, conv4FeatureSize } from './conv4';

beforeAll(() => useBackend('cpu'));

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('conv4', () => {
  it('is the MAML Omniglot model: 28x28 -> 1x1x64 features -> outputs, with its parameter count', () => {
    expect(conv4FeatureSize(28, true)).toBe(1);
    expect(conv4FeatureSize(84, true)).toBe(5);
    expect(conv4FeatureSize(28, false)).toBe(2);
    const model = conv4({ outputs: 5 });
    const params = model.init(makeKey(0));
    const conv = (cin: number): number => 3 * 3 * cin * 64 + 64;
    expect(countParams(params)).toBe(conv(1) + 3 * conv(64) + 4 * 2 * 64 + 64 * 5 + 5);
    expect(shapesOf(params)['block0/w']).toEqual([3, 3, 1, 64]);
    expect(shapesOf(params)['head/w']).toEqual([64, 5]);
    const y = model.apply(params, tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1));
    expect(y.shape).toEqual([4, 5]);
    // Flat inputs [N, 784] are the same images.
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 2);
    expect(maxAbsDiff(model.apply(params, x), model.apply(params, tf.reshape(x, [3, 784])))).toBe(0);
    expect(model.init(makeKey(0)) && leaves(model.init(makeKey(0))).length).toBe(4 * 4 + 2);
  });

  it('splits into body and head: head.apply(p.head, head.features(p, x)) is apply(p, x), also task-batched', () => {
    const model = conv4({ outputs: 4, filters: 6, imageSize: 16 });
    const head = model.head!;
    expect(head.key).toBe('head');
    const params = model.init(makeKey(4));
    const x = tf.randomUniform([5, 16, 16, 1], 0, 1, 'float32', 5);
    const { head: headParams, ...body } = params;
    const features = head.features(body, x);
    expect(features.shape).toEqual([5, conv4FeatureSize(16, true) ** 2 * 6]);
    expect(maxAbsDiff(head.apply(headParams as Params, features), model.apply(params, x))).toBe(0);
    // Task-batched params and inputs: [T, N, features], and the same outputs as apply.
    const batched = batchParams(params, 3);
    const xs = tf.randomUniform([3, 5, 16, 16, 1], 0, 1, 'float32', 6);
    const h = head.features(batched, xs);
    expect(h.shape).toEqual([3, 5, conv4FeatureSize(16, true) ** 2 * 6]);
    expect(maxAbsDiff(head.apply(batched.head as Params, h), model.apply(batched, xs))).toBeLessThan(1e-6);
  });

  it('batch norm removes a positive input scale (conv bias included); layer and no norm run too', () => {
    const model = conv4({ outputs: 3, filters: 8, imageSize: 16 });
    const params = model.init(makeKey(1));
    const x = tf.randomUniform([6, 16, 16, 1], 0, 1, 'float32', 3);
    const scaled = tf.mul(x, 7);
    // BN(c z + b) = BN(z) per channel, up to the variance epsilon.
    expect(maxAbsDiff(model.apply(params, x), model.apply(params, scaled))).toBeLessThan(2e-3);
    const none = conv4({ outputs: 3, filters: 8, imageSize: 16, norm: 'none' });
    const noneParams = none.init(makeKey(1));
    expect(Object.keys(noneParams.block0 as Params)).toEqual(['w', 'b']);
    expect(maxAbsDiff(none.apply(noneParams, x), none.apply(noneParams, scaled))).toBeGreaterThan(1e-2);
    const layer = conv4({ outputs: 3, filters: 8, imageSize: 16, norm: 'layer', maxPool: false });
    expect(layer.apply(layer.init(makeKey(1)), x).shape).toEqual([6, 3]);
  });

  it('runs a task axis per task, matching task-by-task application', () => {
    const model = conv4({ outputs: 2, filters: 4, imageSize: 16 });
    const shared = model.init(makeKey(2));
    const T = 2;
    const batched = mapParams(batchParams(shared, T), (t) => tf.mul(t, tf.reshape(tf.tensor([1, 0.5]), [T, ...t.shape.slice(1).map(() => 1)])));
    const x = tf.randomUniform([T, 3, 16, 16, 1], 0, 1, 'float32', 4);
    const y = model.apply(batched, x);
    expect(y.shape).toEqual([T, 3, 2]);
    for (let t = 0; t < T; t++) {
      const own = mapParams(batched, (leaf) => tf.gather(leaf, t));
      expect(maxAbsDiff(tf.gather(y, t), model.apply(own, tf.gather(x, t)))).toBeLessThan(1e-5);
    }
    expect(model.apply(shared, x).shape).toEqual([T, 3, 2]);
    expect(model.apply(batched, tf.gather(x, 0)).shape).toEqual([T, 3, 2]);
  });

  it('has gradients that match finite differences', () => {
    const model = conv4({ outputs: 3, filters: 3, imageSize: 16 });
    const params = model.init(makeKey(5));
    const x = tf.randomUniform([4, 16, 16, 1], 0, 1, 'float32', 6);
    const labels = tf.tensor1d([0, 1, 2, 1], 'int32');
    const theta = flattenParams(params);
    const loss = (v: tf.Tensor): tf.Scalar => softmaxCrossEntropy(model.apply(unflattenParams(v, params), x), labels);
    const g = tf.grad(loss)(theta);
    const raw = tf.tensor1d(Float32Array.from(normal(makeKey(7), theta.size)));
    const direction = tf.div(raw, tf.norm(raw)); // unit length, so eps is a small step
    const eps = 1e-3;
    const numeric = (loss(tf.add(theta, tf.mul(direction, eps))).dataSync()[0] - loss(tf.sub(theta, tf.mul(direction, eps))).dataSync()[0]) / (2 * eps);
    const analytic = tf.sum(tf.mul(g, direction)).dataSync()[0];
    expect(Math.abs(numeric - analytic)).toBeLessThan(0.02 * Math.abs(analytic) + 1e-3);
  });

  it('rejects images of the wrong size and bad options with a hint', () => {
    const model = conv4({ outputs: 5 });
    const params = model.init(makeKey(0));
    expect(() => model.apply(params, tf.zeros([2, 32, 32, 1]))).toThrow(/does not match 28x28x1 images/);
    try {
      model.apply(params, tf.zeros([2, 100]));
    } catch (e) {
      expect((e as MetatuneError).code).toBe('SHAPE_MISMATCH');
      expect((e as MetatuneError).hint).toMatch(/\[N,28,28,1\]/);
    }
    expect(() => conv4({ outputs: 0 })).toThrow(/outputs must be a positive integer/);
    expect(() => conv4({ outputs: 5, imageSize: 8 })).toThrow(/too small/);
    expect(() => conv4({ outputs: 5, norm: 'group' as never })).toThrow(/unknown conv4 norm/);
  });
});
