/**
 * Full MAML meta-gradients (second order, through the inner gradient step) against central
 * finite differences of the post-adaptation loss, written with raw tf ops so they test the
 * autodiff alone. Tolerance (checkGrad defaults): |a − n| ≤ 1e-3 + 1e-2·max(|a|, |n|), float32.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import { wave } from '../gradients/op-cases';
import type { Params } from '../params/types';
import { TEST_BACKENDS, useBackend } from '../testing/backends';
import { checkGrad } from './check-grad';
import { grad, valueAndGrad } from './grad';
import { stopGradient } from './stop-gradient';

const t = (shape: number[], seed: number, scale = 1) =>
  tf.tensor(wave(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * scale), shape, 'float32');

/** Leaves of a tree in insertion order, and the inverse (a flat vector back into the tree). */
function flat(p: Params): tf.Tensor {
  const out: tf.Tensor[] = [];
  const walk = (n: Params) => Object.values(n).forEach((v) => (v instanceof tf.Tensor ? out.push(tf.reshape(v, [-1])) : walk(v)));
  walk(p);
  return tf.concat(out);
}
function unflat(vec: tf.Tensor, like: Params): Params {
  let at = 0;
  const build = (n: Params): Params =>
    Object.fromEntries(
      Object.entries(n).map(([k, v]) => {
        if (!(v instanceof tf.Tensor)) return [k, build(v)];
        const piece = tf.reshape(tf.slice(vec, [at], [v.size]), v.shape);
        at += v.size;
        return [k, piece];
      }),
    );
  return build(like);
}

const sgdStep = (p: Params, g: Params, lr: number): Params =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v instanceof tf.Tensor ? tf.sub(v, tf.mul(g[k] as tf.Tensor, lr)) : sgdStep(v, g[k] as Params, lr)]));

/** Post-adaptation loss: one SGD step on the support loss, then the query loss. */
function metaLoss(loss: (p: Params, x: tf.Tensor, y: tf.Tensor) => tf.Scalar, support: [tf.Tensor, tf.Tensor], query: [tf.Tensor, tf.Tensor], lr: number, firstOrder = false) {
  return (p: Params): tf.Scalar => {
    let g = grad((q: Params) => loss(q, support[0], support[1]))(p);
    const stop = (n: Params): Params => Object.fromEntries(Object.entries(n).map(([k, v]) => [k, v instanceof tf.Tensor ? stopGradient(v) : stop(v)]));
    if (firstOrder) g = stop(g);
    return loss(sgdStep(p, g, lr), query[0], query[1]);
  };
}

// 2-layer tanh MLP on sinusoid regression.
const mlpParams = (): Params => ({ l0: { w: t([1, 16], 1), b: t([16], 2, 0.5) }, l1: { w: t([16, 1], 3, 0.5), b: t([1], 4, 0.1) } });
function mlpLoss(p: Params, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const l0 = p.l0 as Params;
  const l1 = p.l1 as Params;
  const h = tf.tanh(tf.add(tf.matMul(x as tf.Tensor2D, l0.w as tf.Tensor2D), l0.b as tf.Tensor));
  const out = tf.add(tf.matMul(h as tf.Tensor2D, l1.w as tf.Tensor2D), l1.b as tf.Tensor);
  return tf.mean(tf.square(tf.sub(out, y)));
}
const sinTask = (seed: number): [tf.Tensor, tf.Tensor] => {
  const x = t([10, 1], seed, 5);
  return [x, tf.mul(tf.sin(tf.add(x, 0.7)), 2.5)];
};

// conv4: 4 × (conv 3×3 same → batch norm with batch statistics → relu → maxPool 2×2), dense, softmax CE.
const CH = 3;
function conv4Params(): Params {
  const p: Params = {};
  for (let i = 0; i < 4; i++) {
    p[`block${i}`] = { w: t([3, 3, i === 0 ? 1 : CH, CH], 10 + i, 0.6), scale: tf.add(t([CH], 20 + i, 0.1), 1), offset: t([CH], 30 + i, 0.1) };
  }
  p.head = { w: t([CH, 3], 40, 0.8), b: t([3], 41, 0.1) };
  return p;
}
function conv4Loss(p: Params, x: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  let h = x as tf.Tensor4D;
  for (let i = 0; i < 4; i++) {
    const b = p[`block${i}`] as Params;
    const c = tf.conv2d(h, b.w as tf.Tensor4D, 1, 'same');
    const { mean, variance } = tf.moments(c, [0, 1, 2]);
    const n = tf.batchNorm(c, mean, variance, b.offset as tf.Tensor1D, b.scale as tf.Tensor1D, 1e-3);
    h = tf.maxPool(tf.relu(n) as tf.Tensor4D, 2, 2, 'valid');
  }
  const head = p.head as Params;
  const logits = tf.add(tf.matMul(tf.reshape(h, [h.shape[0], CH]), head.w as tf.Tensor2D), head.b as tf.Tensor);
  const logProbs = tf.sub(logits, tf.logSumExp(logits, -1, true)); // right to any order; tf.logSoftmax is not
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels as tf.Tensor1D, 3), logProbs), -1))) as tf.Scalar;
}
const imageTask = (seed: number): [tf.Tensor, tf.Tensor] => [t([6, 16, 16, 1], seed), tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32')];

describe.each(TEST_BACKENDS)('MAML meta-gradient on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('2-layer tanh MLP: second-order meta-gradient matches finite differences of the post-adaptation loss', () => {
    const p = mlpParams();
    const meta = metaLoss(mlpLoss, sinTask(50), sinTask(51), 0.05);
    const report = checkGrad((v) => meta(unflat(v, p)), flat(p), { directions: 3 });
    expect(report.ok, JSON.stringify(report.entries.map((e) => [e.analytic, e.numeric]))).toBe(true);
    // The tree API gives the same meta-gradient as the flat one.
    const { grads } = valueAndGrad(meta)(p);
    const viaFlat = grad((v: tf.Tensor) => meta(unflat(v, p)))(flat(p));
    expect(tf.max(tf.abs(tf.sub(flat(grads), viaFlat))).dataSync()[0]).toBeLessThan(1e-5);
    // Second-order terms matter here: first-order MAML differs and fails the same check.
    const fo = metaLoss(mlpLoss, sinTask(50), sinTask(51), 0.05, true);
    const foGrad = grad(fo)(p);
    expect(tf.max(tf.abs(tf.sub(flat(foGrad), flat(grads)))).dataSync()[0]).toBeGreaterThan(1e-3);
  });

  it('conv4 with batch norm, maxPool and softmax cross-entropy: meta-gradient matches finite differences', () => {
    const p = conv4Params();
    const meta = metaLoss(conv4Loss, imageTask(60), imageTask(61), 0.1);
    // eps 1e-3, not the default 1e-2: the inner gradient jumps where a relu or a maxPool argmax
    // switches, so the post-adaptation loss has kinks; a wider stencil straddles them (measured:
    // at eps 3e-3 one direction reads 0.098 against autodiff 0.065, at 1e-3 both agree to 1e-3).
    const report = checkGrad((v) => meta(unflat(v, p)), flat(p), { directions: 2, eps: 1e-3 });
    expect(report.ok, JSON.stringify(report.entries.map((e) => [e.analytic, e.numeric]))).toBe(true);
  });
});
