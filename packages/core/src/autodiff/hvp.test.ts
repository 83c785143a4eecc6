import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import type { Params } from '../params/types';
import { TEST_BACKENDS, useBackend } from '../testing/backends';
import { hvp } from './hvp';

describe.each(TEST_BACKENDS)('hvp on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('equals H·v for a function with a known Hessian (softplus of a quadratic form)', () => {
    // f(x) = Σ exp(x_i) x_j-coupled: f = exp(x0)·x1 + x1²·x2  →  H = [[e^x0·x1, e^x0, 0], [e^x0, 2x2, 2x1], [0, 2x1, 0]]
    const [x0, x1, x2] = [0.2, -0.7, 1.3];
    const f = (x: tf.Tensor) => {
      const [a, b, c] = tf.unstack(x) as [tf.Tensor, tf.Tensor, tf.Tensor];
      return tf.add(tf.mul(tf.exp(a), b), tf.mul(tf.square(b), c));
    };
    const v = [0.5, -1, 2];
    const e = Math.exp(x0);
    const expected = [e * x1 * v[0]! + e * v[1]!, e * v[0]! + 2 * x2 * v[1]! + 2 * x1 * v[2]!, 2 * x1 * v[1]!];
    const got = hvp(f, tf.tensor1d([x0, x1, x2]), tf.tensor1d(v)).dataSync();
    expected.forEach((want, i) => expect(got[i]).toBeCloseTo(want, 4));
  });

  it('works on Params trees and rejects a v of another structure', () => {
    const p: Params = { w: tf.tensor1d([0.3, -0.4]), b: tf.scalar(0.1) };
    const f = (q: Params) => tf.sum(tf.tanh(tf.add(q.w as tf.Tensor, q.b as tf.Tensor)));
    const out = hvp(f, p, { w: tf.tensor1d([1, 0]), b: tf.scalar(0) });
    const t = Math.tanh(0.4);
    expect((out.w as tf.Tensor).dataSync()[0]).toBeCloseTo(-2 * t * (1 - t * t), 4);
    expect((out.b as tf.Tensor).dataSync()[0]).toBeCloseTo(-2 * t * (1 - t * t), 4);
    expect(() => hvp(f, p, { w: tf.tensor1d([1, 0, 0]), b: tf.scalar(0) })).toThrow(/shape \[3\], expected \[2\]/);
    expect(() => hvp(f, p, { w: tf.tensor1d([1, 0]) })).toThrow(/SHAPE|leaves/);
  });
});
