// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeParams, makeKey, optim, tf, valueAndGrad } from '@metatune/core';
import { type QuadraticTask, quadratics } from './quadratic';
import { mlpTasks } from './mlp-task';

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

describe('optimizees with core optimizers', () => {
  it('every core optimizer lowers the loss of a quadratic and of an MLP task', () => {
    const quadratic = quadratics({ dimension: 5 }).sample(makeKey(7));
    const mlp = mlpTasks({ examples: 64, batchSize: 16, hidden: [8] }).sample(makeKey(8));
    const optimizers = [optim.sgd({ lr: 0.01 }), optim.momentum({ lr: 0.01 }), optim.adam({ lr: 0.05 }), optim.rmsprop({ lr: 0.01 })];
    for (const task of [quadratic, mlp]) {
      for (const opt of optimizers) {
        let params = task.init(makeKey(9));
        let state = opt.init(params);
        const first = task.loss(params).dataSync()[0];
        for (let s = 0; s < 30; s++) {
          const next = tf.tidy(() => {
            const { grads } = valueAndGrad((p: typeof params) => task.loss(p))(params);
            const out = opt.update(grads, state, params);
            return { params: optim.applyUpdates(params, out.updates), state: out.state };
          });
          disposeParams(params);
          disposeParams(state);
          params = next.params;
          state = next.state;
        }
        expect(task.loss(params).dataSync()[0]).toBeLessThan(first);
        disposeParams(params);
        disposeParams(state);
      }
      task.dispose();
    }
  });
});
