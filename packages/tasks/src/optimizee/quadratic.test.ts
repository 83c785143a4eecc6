// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeKey, tf } from '@metatune/core';
import { type QuadraticTask, quadratics } from './quadratic';

beforeAll(() => useBackend('cpu'));

function hostLoss(task: QuadraticTask, theta: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < task.rows; i++) {
    let r = -task.y[i];
    for (let j = 0; j < task.dimension; j++) r += task.w[i * task.dimension + j] * theta[j];
    sum += r * r;
  }
  return sum;
}

describe('quadratics', () => {
  it('loss is ||W theta - y||^2 and its gradient is 2 W^T (W theta - y)', () => {
    const task = quadratics().sample(makeKey(0)) as QuadraticTask;
    const params = task.init(makeKey(1));
    const theta = (params.theta as tf.Tensor).dataSync();
    const loss = task.loss(params);
    expect(loss.dataSync()[0]).toBeCloseTo(hostLoss(task, theta), 2);
    const g = tf.grad((t: tf.Tensor) => task.loss({ theta: t }))(params.theta as tf.Tensor).dataSync();
    for (let j = 0; j < 10; j++) {
      let expected = 0;
      for (let i = 0; i < 10; i++) {
        let r = -task.y[i];
        for (let k = 0; k < 10; k++) r += task.w[i * 10 + k] * theta[k];
        expected += 2 * task.w[i * 10 + j] * r;
      }
      expect(g[j]).toBeCloseTo(expected, 2);
    }
    tf.dispose([loss, params.theta as tf.Tensor]);
    task.dispose();
  });

  it('gradient descent lowers the loss; tasks are deterministic per key and differ across keys and splits', () => {
    const family = quadratics({ dimension: 4, rows: 8 });
    const task = family.sample(makeKey(2)) as QuadraticTask;
    let theta = task.init(makeKey(3)).theta as tf.Tensor;
    const first = task.loss({ theta }).dataSync()[0];
    const grad = tf.grad((t: tf.Tensor) => task.loss({ theta: t }));
    for (let s = 0; s < 100; s++) {
      const next = tf.tidy(() => tf.sub(theta, tf.mul(0.01, grad(theta))));
      theta.dispose();
      theta = next;
    }
    expect(task.loss({ theta }).dataSync()[0]).toBeLessThan(0.5 * first);
    expect(Array.from((family.sample(makeKey(2)) as QuadraticTask).w)).toEqual(Array.from(task.w));
    expect(Array.from((family.sample(makeKey(4)) as QuadraticTask).w)).not.toEqual(Array.from(task.w));
    expect(Array.from((quadratics({ dimension: 4, rows: 8, split: 'test' }).sample(makeKey(2)) as QuadraticTask).w)).not.toEqual(Array.from(task.w));
    theta.dispose();
    task.dispose();
    expect(() => quadratics({ dimension: 0 })).toThrow(/dimension must be a positive integer/);
  });
});
