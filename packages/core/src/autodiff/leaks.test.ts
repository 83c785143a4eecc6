import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import type { Params } from '../params/types';
import { TEST_BACKENDS, useBackend } from '../testing/backends';
import { grad, valueAndGrad } from './grad';
import { hvp } from './hvp';

describe.each(TEST_BACKENDS)('no tensor leaks on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('1,000 iterations of grad and hvp (and 100 of a second-order meta-gradient) keep numTensors flat', () => {
    const p: Params = { w: tf.tensor2d([[0.3, -0.2], [0.1, 0.4]]), b: tf.tensor1d([0.05, -0.1]) };
    const x = tf.tensor2d([[1, 2], [-1, 0.5], [0.3, -0.7]]);
    const loss = (q: Params) => tf.mean(tf.square(tf.tanh(tf.add(tf.matMul(x, q.w as tf.Tensor2D), q.b as tf.Tensor))));
    const meta = (q: Params) => {
      const g = grad(loss)(q);
      return loss({ w: tf.sub(q.w as tf.Tensor, tf.mul(g.w as tf.Tensor, 0.1)), b: tf.sub(q.b as tf.Tensor, tf.mul(g.b as tf.Tensor, 0.1)) });
    };
    const v: Params = { w: tf.onesLike(p.w as tf.Tensor), b: tf.onesLike(p.b as tf.Tensor) };
    // Warm-up: backends allocate a few lasting tensors on first use.
    tf.dispose([grad(loss)(p), hvp(loss, p, v)].flatMap((t) => Object.values(t)));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) {
      const g = grad(loss)(p);
      const h = hvp(loss, p, v);
      tf.dispose([...Object.values(g), ...Object.values(h)] as tf.Tensor[]);
    }
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 100; i++) {
      const { value, grads } = valueAndGrad(meta)(p);
      tf.dispose([value, ...Object.values(grads)] as tf.Tensor[]);
    }
    expect(tf.memory().numTensors).toBe(before);
    // Inside a tidy, the caller does not need to dispose anything.
    for (let i = 0; i < 50; i++) tf.tidy(() => void hvp(meta, p, v));
    expect(tf.memory().numTensors).toBe(before);
  });
});
