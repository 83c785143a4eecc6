import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import { MetatuneError } from '../errors';
import { TEST_BACKENDS, useBackend } from '../testing/backends';
import { leaves, mapParams } from '../params/tree';
import type { Params } from '../params/types';
import { adam } from './adam';
import { applyUpdates } from './common';
import { momentum } from './momentum';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';
import type { Optimizer } from './types';

const arr = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const flat = (p: Params): number[] => leaves(p).flatMap(([, t]) => arr(t));

/**
 * Runs an optimizer on f(p) = 0.5 * sum(c * p^2) (gradient c * p) for `steps` steps and returns
 * the params after each step, read back as numbers.
 */
function run<S extends Params>(opt: Optimizer<S>, start: number[], c: number[], steps: number): number[][] {
  let params: Params = { p: tf.tensor1d(start) };
  let state = opt.init(params);
  const trace: number[][] = [];
  const curvature = tf.tensor1d(c);
  for (let i = 0; i < steps; i++) {
    const grads = { p: tf.mul(curvature, params.p as tf.Tensor) };
    const { updates, state: next } = opt.update(grads, state, params);
    params = applyUpdates(params, updates);
    state = next;
    trace.push(arr(params.p as tf.Tensor));
  }
  return trace;
}

function expectTrace(got: number[][], expected: number[][], digits = 6): void {
  expect(got.length).toBe(expected.length);
  got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], digits)));
}

describe('optimizers against hand computations', () => {
  beforeAll(() => useBackend('cpu'));

  // p0 = [1, -2], c = [1, 3]: g0 = [1, -6].
  it('sgd: p -= lr g', () => {
    // lr 0.1: p1 = [0.9, -1.4], g1 = [0.9, -4.2], p2 = [0.81, -0.98], g2 = [0.81, -2.94], p3 = [0.729, -0.686].
    expectTrace(run(sgd({ lr: 0.1 }), [1, -2], [1, 3], 3), [[0.9, -1.4], [0.81, -0.98], [0.729, -0.686]]);
    expectTrace(run(sgd({ lr: tf.scalar(0.1) }), [1, -2], [1, 3], 1), [[0.9, -1.4]]);
  });

  it('momentum: v = beta v + g, p -= lr v (and Nesterov: p -= lr (g + beta v))', () => {
    // lr 0.1, beta 0.5. Step 1: v = [1,-6], p = [0.9,-1.4]. Step 2: g = [0.9,-4.2], v = [1.4,-7.2], p = [0.76,-0.68].
    expectTrace(run(momentum({ lr: 0.1, beta: 0.5 }), [1, -2], [1, 3], 2), [[0.9, -1.4], [0.76, -0.68]]);
    // Nesterov step 1: v = [1,-6], d = g + 0.5 v = [1.5,-9], p = [0.85,-1.1].
    // Step 2: g = [0.85,-3.3], v = [1.35,-6.3], d = [1.525,-6.45], p = [0.6975,-0.455].
    expectTrace(run(momentum({ lr: 0.1, beta: 0.5, nesterov: true }), [1, -2], [1, 3], 2), [[0.85, -1.1], [0.6975, -0.455]]);
  });

  it('rmsprop: v = d v + (1-d) g^2, p -= lr g / (sqrt(v) + eps)', () => {
    // decay 0.5, lr 0.1, eps 0. Step 1: v = [0.5, 18], step = g/sqrt(v) = [1.41421356, -1.41421356].
    const s = Math.SQRT2;
    const p1 = [1 - 0.1 * s, -2 + 0.1 * s];
    const g1 = [p1[0], 3 * p1[1]];
    const v2 = [0.25 + 0.5 * g1[0] ** 2, 9 + 0.5 * g1[1] ** 2];
    const p2 = p1.map((p, i) => p - (0.1 * g1[i]) / Math.sqrt(v2[i]));
    expectTrace(run(rmsprop({ lr: 0.1, decay: 0.5, eps: 0 }), [1, -2], [1, 3], 2), [p1, p2]);
  });

  it('adam follows the reference formula with bias correction over 3 steps', () => {
    const [lr, b1, b2, eps] = [0.05, 0.8, 0.9, 1e-3];
    const c = [1, 3];
    let p = [1, -2];
    let m = [0, 0];
    let v = [0, 0];
    const expected: number[][] = [];
    for (let t = 1; t <= 3; t++) {
      const g = p.map((x, i) => c[i] * x);
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] ** 2);
      const mHat = m.map((mi) => mi / (1 - b1 ** t));
      const vHat = v.map((vi) => vi / (1 - b2 ** t));
      p = p.map((x, i) => x - (lr * mHat[i]) / (Math.sqrt(vHat[i]) + eps));
      expected.push(p);
    }
    expectTrace(run(adam({ lr, beta1: b1, beta2: b2, eps }), [1, -2], c, 3), expected, 5);
    // Step one of Adam moves every coordinate by about lr, whatever the gradient scale.
    const first = run(adam({ lr: 0.01 }), [1, -2], [1, 3], 1)[0];
    expect(first[0]).toBeCloseTo(0.99, 6);
    expect(first[1]).toBeCloseTo(-1.99, 6);
  });

  it('adam and momentum can be differentiated through: d loss(after 2 steps) / d lr matches finite differences', () => {
    const c = tf.tensor1d([1, 3, 0.5]);
    const target = tf.tensor1d([0.2, -0.1, 0.4]);
    const loss = (p: tf.Tensor): tf.Scalar => tf.mul(0.5, tf.sum(tf.mul(c, tf.square(tf.sub(p, target)))));
    for (const make of [(lr: tf.Scalar) => adam({ lr, epsRoot: 1e-12 }), (lr: tf.Scalar) => momentum({ lr, nesterov: true })]) {
      const after = (lr: tf.Scalar, p0: tf.Tensor): tf.Scalar => {
        const opt: Optimizer = make(lr);
        let params: Params = { p: p0 };
        let state = opt.init(params);
        for (let i = 0; i < 2; i++) {
          const g = tf.grad(loss)(params.p as tf.Tensor);
          const out = opt.update({ p: g }, state);
          params = applyUpdates(params, out.updates);
          state = out.state;
        }
        return loss(params.p as tf.Tensor);
      };
      const p0 = tf.tensor1d([1, -2, 0.5]);
      const [glr, gp] = tf.grads((lr: tf.Tensor, p: tf.Tensor) => after(lr as tf.Scalar, p))([tf.scalar(0.1), p0]);
      const f = (lr: number, p: tf.Tensor): number => after(tf.scalar(lr), p).dataSync()[0];
      // Richardson-extrapolated central differences: the loss is a high-degree polynomial in lr,
      // so plain central differences carry an eps^2 error that would hide a wrong gradient.
      const derivative = (h: (e: number) => number): number => {
        const central = (e: number): number => (h(e) - h(-e)) / (2 * e);
        return (4 * central(5e-4) - central(1e-3)) / 3;
      };
      expect(glr.dataSync()[0]).toBeCloseTo(derivative((e) => f(0.1 + e, p0)), 3);
      const d = tf.tensor1d([0.3, 0.5, -0.8]);
      const numeric = derivative((e) => f(0.1, tf.add(p0, tf.mul(d, e))));
      expect(tf.sum(tf.mul(gp, d)).dataSync()[0]).toBeCloseTo(numeric, 3);
    }
  });

  it('takes per-parameter learning rates (Meta-SGD) and weight decay', () => {
    const params: Params = { a: tf.tensor1d([1, 2]), b: tf.scalar(3) };
    const grads: Params = { a: tf.tensor1d([1, 1]), b: tf.scalar(1) };
    const lr: Params = { a: tf.tensor1d([0.1, 0.2]), b: tf.scalar(0.5) };
    const opt = sgd({ lr });
    expect(flat(applyUpdates(params, opt.update(grads, opt.init(params)).updates))).toEqual(
      [0.9, 1.8, 2.5].map((x) => Math.fround(x)),
    );
    const decayed = sgd({ lr: 0.1, weightDecay: 0.5 }).update(grads, {}, params).updates;
    // -0.1 * (g + 0.5 p) = [-0.15, -0.2, -0.25]
    flat(decayed).forEach((x, i) => expect(x).toBeCloseTo([-0.15, -0.2, -0.25][i], 6));
    expect(() => sgd({ lr: 0.1, weightDecay: 0.5 }).update(grads, {})).toThrow(/needs the params/);
    expect(() => sgd({ lr: { a: tf.zeros([3]), b: tf.scalar(1) } }).update(grads, {})).toThrow(MetatuneError);
    expect(() => adam({ lr: 0.1, beta1: 1 })).toThrow(/beta1/);
    expect(() => sgd({ lr: -1 })).toThrow(/lr/);
    const a = adam({ lr: 0.1 });
    expect(() => a.update(grads, a.init({ a: tf.zeros([3]), b: tf.scalar(0) }))).toThrow(/adam state leaf 'a'/);
  });
});

describe.each(TEST_BACKENDS)('optimizers in differentiated inner loops and long loops (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  /** Two SGD steps on a support loss, then the query loss: a MAML inner loop on a 2-layer net. */
  function metaLoss(w1: tf.Tensor, w2: tf.Tensor, lr: tf.Scalar, firstOrder = false): tf.Scalar {
    const xs = tf.tensor2d([[0.5, -1], [1, 2], [-1.5, 0.3]]);
    const ys = tf.tensor2d([[1], [-1], [0.5]]);
    const xq = tf.tensor2d([[0.2, 0.1], [-0.7, 1.1]]);
    const yq = tf.tensor2d([[0.3], [-0.2]]);
    const net = (p: Params, x: tf.Tensor): tf.Tensor => tf.matMul(tf.tanh(tf.matMul(x, p.w1 as tf.Tensor)), p.w2 as tf.Tensor);
    const loss = (p: Params, x: tf.Tensor, y: tf.Tensor): tf.Scalar => tf.mean(tf.square(tf.sub(net(p, x), y)));
    const opt = sgd({ lr });
    let p: Params = { w1, w2 };
    let state = opt.init(p);
    for (let step = 0; step < 2; step++) {
      const current = p;
      const [g1, g2] = tf.grads((a: tf.Tensor, b: tf.Tensor) => loss({ w1: a, w2: b }, xs, ys))([current.w1 as tf.Tensor, current.w2 as tf.Tensor]);
      // First order: the inner gradients become constants (read back), as in FOMAML.
      const constant = (g: tf.Tensor): tf.Tensor => tf.tensor(g.dataSync(), g.shape);
      const out = opt.update(firstOrder ? { w1: constant(g1), w2: constant(g2) } : { w1: g1, w2: g2 }, state);
      state = out.state;
      p = applyUpdates(current, out.updates);
    }
    return loss(p, xq, yq);
  }

  it('the gradient of the loss after 2 SGD steps w.r.t. the initial params and the lr matches finite differences', () => {
    // Uses matMul, tanh, sub, square and mean only.
    const w1 = tf.tensor2d([[0.3, -0.5, 0.8], [0.1, 0.4, -0.2]]);
    const w2 = tf.tensor2d([[0.7], [-0.3], [0.5]]);
    const lr = tf.scalar(0.3);
    const [gw1, gw2, glr] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => metaLoss(a, b, c as tf.Scalar))([w1, w2, lr]);
    const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Scalar): number => metaLoss(a, b, c).dataSync()[0];
    const eps = 1e-2;
    const central = (plus: number, minus: number): number => (plus - minus) / (2 * eps);
    expect(glr.dataSync()[0]).toBeCloseTo(central(f(w1, w2, tf.scalar(0.3 + eps)), f(w1, w2, tf.scalar(0.3 - eps))), 3);
    // Directional derivative along a fixed direction in (w1, w2).
    const d1 = tf.tensor2d([[1, -1, 0.5], [0.2, 0.3, -0.6]]);
    const d2 = tf.tensor2d([[-0.4], [0.9], [0.1]]);
    const analytic = tf.add(tf.sum(tf.mul(gw1, d1)), tf.sum(tf.mul(gw2, d2))).dataSync()[0];
    const numeric = central(
      f(tf.add(w1, tf.mul(d1, eps)), tf.add(w2, tf.mul(d2, eps)), lr),
      f(tf.sub(w1, tf.mul(d1, eps)), tf.sub(w2, tf.mul(d2, eps)), lr),
    );
    expect(Math.abs(analytic - numeric)).toBeLessThan(1e-3 * Math.max(1, Math.abs(numeric)));
    // The first-order approximation (inner gradients as constants) is far off: the second-order terms are really there.
    const [fo1, fo2] = tf.grads((a: tf.Tensor, b: tf.Tensor) => metaLoss(a, b, lr, true))([w1, w2]);
    const firstOrder = tf.add(tf.sum(tf.mul(fo1, d1)), tf.sum(tf.mul(fo2, d2))).dataSync()[0];
    expect(Math.abs(firstOrder - numeric)).toBeGreaterThan(20 * Math.abs(analytic - numeric));
  });
});

describe('optimizer memory', () => {
  beforeAll(() => useBackend('cpu'));

  it('leaks no tensors over 1,000 adam updates and 200 of each other optimizer', () => {
    const opts: Optimizer[] = [sgd({ lr: 0.01 }), momentum({ lr: 0.01 }), adam({ lr: 0.01, weightDecay: 1e-4 }), rmsprop({ lr: tf.scalar(0.01) })];
    for (const opt of opts) {
      const iterations = opt.name === 'adam' ? 1000 : 200;
      let params: Params = { layer: { w: tf.randomNormal([4, 3], 0, 1, 'float32', 1), b: tf.zeros([3]) } };
      let state = opt.init(params);
      const before = tf.memory().numTensors;
      for (let i = 0; i < iterations; i++) {
        const next = tf.tidy(() => {
          const grads = mapParams(params, (t) => tf.mul(t, 0.5));
          const out = opt.update(grads, state, params);
          return { params: applyUpdates(params, out.updates), state: out.state };
        });
        leaves(params).forEach(([, t]) => t.dispose());
        leaves(state).forEach(([, t]) => t.dispose());
        params = next.params;
        state = next.state;
      }
      expect(tf.memory().numTensors).toBe(before);
      expect(flat(params).every(Number.isFinite)).toBe(true);
    }
  });
});
