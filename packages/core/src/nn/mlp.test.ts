import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import { MetatuneError } from '../errors';
import { makeKey } from '../random';
import { TEST_BACKENDS, useBackend } from '../testing/backends';
import { leaves, mapParams, shapesOf } from '../params/tree';
import type { Params } from '../params/types';
import { mseBatched } from '../losses/regression';
import { batchParams } from './batch';
import { dense } from './dense';
import { mlp } from './mlp';


const arr = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

function expectShapeError(f: () => unknown, text: RegExp): void {
  expect(f).toThrow(MetatuneError);
  try {
    f();
  } catch (e) {
    expect((e as MetatuneError).code).toBe('SHAPE_MISMATCH');
    expect((e as MetatuneError).message).toMatch(text);
    expect((e as MetatuneError).hint).toBeTruthy();
  }
}

describe.each(TEST_BACKENDS)('dense and mlp (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  it('init is deterministic per key, with the torch bounds and the documented shapes', () => {
    const model = mlp([1, 40, 40, 1]);
    const a = model.init(makeKey(3));
    const b = model.init(makeKey(3));
    const c = model.init(makeKey(4));
    expect(shapesOf(a)).toEqual({
      'layer0/w': [1, 40], 'layer0/b': [40], 'layer1/w': [40, 40], 'layer1/b': [40], 'layer2/w': [40, 1], 'layer2/b': [1],
    });
    leaves(a).forEach(([path, t], i) => {
      expect(arr(t)).toEqual(arr(leaves(b)[i][1]));
      expect(arr(t)).not.toEqual(arr(leaves(c)[i][1]));
      const bound = 1 / Math.sqrt(path.startsWith('layer0') ? 1 : 40);
      expect(Math.max(...arr(t).map(Math.abs))).toBeLessThanOrEqual(bound);
    });
    // 1600 draws from U(-1/sqrt(40), 1/sqrt(40)): variance bound^2/3 within 10%.
    const w = arr(a.layer1 && (a.layer1 as Params).w as tf.Tensor);
    const variance = w.reduce((s, x) => s + x * x, 0) / w.length;
    expect(variance).toBeGreaterThan(0.9 / 120);
    expect(variance).toBeLessThan(1.1 / 120);
    const glorot = arr(dense(40, 40, { init: 'glorot' }).init(makeKey(0)).b as tf.Tensor);
    expect(glorot.every((x) => x === 0)).toBe(true);
  });

  it('computes relu(x W0 + b0) W1 + b1 as a hand computation does', () => {
    const params: Params = {
      layer0: { w: tf.tensor2d([[1, -2], [0.5, 1]]), b: tf.tensor1d([0.1, 0.2]) },
      layer1: { w: tf.tensor2d([[3], [-1]]), b: tf.tensor1d([0.5]) },
    };
    const x = [[1, 2], [-1, 0.5]];
    const expected = x.map(([x0, x1]) => {
      const h0 = Math.max(0, x0 * 1 + x1 * 0.5 + 0.1);
      const h1 = Math.max(0, x0 * -2 + x1 * 1 + 0.2);
      return 3 * h0 - h1 + 0.5;
    });
    const y = mlp([2, 2, 1]).apply(params, tf.tensor2d(x));
    expect(y.shape).toEqual([2, 1]);
    arr(y).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    const tanh = mlp([2, 2, 1], { activation: 'tanh' }).apply(params, tf.tensor2d(x));
    expect(arr(tanh)[0]).toBeCloseTo(3 * Math.tanh(2.1) - Math.tanh(0.2) + 0.5, 5);
  });

  it('runs a task axis as one batch, matching task-by-task application', () => {
    const model = mlp([1, 8, 8, 1]);
    const T = 3;
    const shared = model.init(makeKey(1));
    // Different params per task: the shared init plus a task-dependent shift.
    const shift = tf.tensor([0, 0.1, -0.2]);
    const batched = mapParams(batchParams(shared, T), (t) => tf.add(t, tf.reshape(shift, [T, ...t.shape.slice(1).map(() => 1)])));
    const x = tf.randomUniform([T, 5, 1], -5, 5, 'float32', 7);
    const together = model.apply(batched, x);
    expect(together.shape).toEqual([T, 5, 1]);
    for (let t = 0; t < T; t++) {
      const own = mapParams(batched, (leaf) => tf.gather(leaf, t));
      expect(maxAbsDiff(tf.gather(together, t), model.apply(own, tf.gather(x, t)))).toBeLessThan(1e-6);
    }
    // Shared params with task-batched x, and task-batched params with a shared x.
    const sharedOut = model.apply(shared, x);
    expect(maxAbsDiff(tf.gather(sharedOut, 2), model.apply(shared, tf.gather(x, 2)))).toBeLessThan(1e-6);
    const xs = tf.gather(x, 0);
    const broadcastOut = model.apply(batched, xs);
    expect(broadcastOut.shape).toEqual([T, 5, 1]);
    expect(maxAbsDiff(tf.gather(broadcastOut, 1), tf.gather(together, 1))).toBeGreaterThan(0);
    expect(maxAbsDiff(tf.gather(broadcastOut, 0), tf.gather(together, 0))).toBeLessThan(1e-6);
  });

  it('splits into the hidden layers and the last layer (head), also task-batched', () => {
    const model = mlp([2, 6, 5, 3], { activation: 'tanh' });
    const head = model.head!;
    expect(head.key).toBe('layer2');
    const params = model.init(makeKey(2));
    const x = tf.randomUniform([4, 2], -1, 1, 'float32', 3);
    const { layer2, ...body } = params;
    const features = head.features(body, x);
    expect(features.shape).toEqual([4, 5]);
    expect(maxAbsDiff(head.apply(layer2 as Params, features), model.apply(params, x))).toBe(0);
    const batched = batchParams(params, 3);
    const xs = tf.randomUniform([3, 4, 2], -1, 1, 'float32', 4);
    expect(maxAbsDiff(head.apply(batched.layer2 as Params, head.features(batched, xs)), model.apply(batched, xs))).toBe(0);
  });

  it('one forward+backward of a task batch runs the same kernels for T = 1, 5 and 25', async () => {
    const model = mlp([1, 40, 40, 1]);
    const shared = model.init(makeKey(0));
    const kernelsFor = async (T: number): Promise<string[]> => {
      const params = batchParams(shared, T);
      const names = leaves(params).map(([p]) => p);
      const x = tf.randomUniform([T, 10, 1], -5, 5, 'float32', 1);
      const y = tf.sin(x);
      const profile = await tf.profile(() => {
        const grads = tf.grads((...ts: tf.Tensor[]) => {
          const p = mapParams(params, (_, path) => ts[names.indexOf(path)]);
          return tf.sum(mseBatched(model.apply(p, x), y)) as tf.Scalar;
        })(leaves(params).map(([, t]) => t));
        expect(grads[0].shape).toEqual([T, 1, 40]);
        return grads;
      });
      return profile.kernelNames;
    };
    const one = await kernelsFor(1);
    expect(one).toContain('BatchMatMul');
    expect(await kernelsFor(5)).toEqual(one);
    expect(await kernelsFor(25)).toEqual(one);
    // Forward is 3 x (matmul, bias add) + 2 relus + loss; the whole step stays small.
    expect(one.length).toBeLessThan(60);
  });

  it('shared params with task-batched x get the sum of the per-task gradients', () => {
    const model = mlp([2, 3, 1], { activation: 'tanh' });
    const params = model.init(makeKey(9));
    const names = leaves(params).map(([p]) => p);
    const x = tf.randomUniform([3, 4, 2], -1, 1, 'float32', 2);
    const y = tf.randomUniform([3, 4, 1], -1, 1, 'float32', 3);
    const gradsOf = (xs: tf.Tensor, ys: tf.Tensor): tf.Tensor[] =>
      tf.grads((...ts: tf.Tensor[]) =>
        tf.sum(tf.square(tf.sub(model.apply(mapParams(params, (_, path) => ts[names.indexOf(path)]), xs), ys))) as tf.Scalar,
      )(leaves(params).map(([, t]) => t));
    const together = gradsOf(x, y);
    const perTask = [0, 1, 2].map((t) => gradsOf(tf.gather(x, t), tf.gather(y, t)));
    together.forEach((g, i) => {
      expect(g.shape).toEqual(leaves(params)[i][1].shape);
      expect(maxAbsDiff(g, tf.addN(perTask.map((gs) => gs[i])))).toBeLessThan(1e-5);
    });
    // Task params with a shared x: the gradient w.r.t. x sums over tasks and keeps x's shape.
    const shared = tf.gather(x, 0);
    const gx = tf.grad((xs: tf.Tensor) => tf.sum(model.apply(batchParams(params, 3), xs)))(shared);
    expect(maxAbsDiff(gx, tf.mul(tf.grad((xs: tf.Tensor) => tf.sum(model.apply(params, xs)))(shared), 3))).toBeLessThan(1e-5);
  });

  it('a dense layer is one matmul and one add (plus a bias reshape with a task axis)', async () => {
    const layer = dense(3, 4);
    const params = layer.init(makeKey(0));
    const kernels = async (p: Params, x: tf.Tensor): Promise<string[]> => (await tf.profile(() => layer.apply(p, x))).kernelNames;
    expect(await kernels(params, tf.zeros([5, 3]))).toEqual(['BatchMatMul', 'Add']);
    expect(await kernels(batchParams(params, 7), tf.zeros([7, 5, 3]))).toEqual(['BatchMatMul', 'Reshape', 'Add']);
  });

  it('batchParams is differentiable with a gradient summed over tasks', () => {
    const p = { w: tf.tensor1d([1, 2]) };
    const g = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(batchParams({ w }, 4).w as tf.Tensor, tf.tensor([[1, 1], [2, 2], [3, 3], [4, 4]]))))(p.w);
    expect(arr(g)).toEqual([10, 10]);
  });

  it('names the shape problem and the fix on bad input', () => {
    const model = mlp([3, 4, 2]);
    const params = model.init(makeKey(0));
    expectShapeError(() => model.apply(params, tf.zeros([5, 2])), /2 features but the layer takes 3/);
    expectShapeError(() => model.apply(batchParams(params, 2), tf.zeros([3, 5, 3])), /3 tasks but the params hold 2/);
    expectShapeError(() => model.apply(params, tf.zeros([3])), /batch axis/);
    expect(() => mlp([3])).toThrow(/at least an input and an output/);
    expect(() => mlp([3, 2], { activation: 'swish' as never })).toThrow(/unknown activation/);
    expect(() => model.apply({ layer0: params.layer0 }, tf.zeros([1, 3]))).toThrow(/layer1/);
  });
});
