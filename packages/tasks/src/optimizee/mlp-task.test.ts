// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Params, makeKey, tf } from '@metatune/core';
import { type MlpTask, crossEntropy, mlpTasks } from './mlp-task';

beforeAll(() => useBackend('cpu'));

function sgdSteps(task: MlpTask, params: Params, steps: number, lr: number): Params {
  const names = Object.keys(params);
  let flat = names.flatMap((n) => [(params[n] as Params).w as tf.Tensor, (params[n] as Params).b as tf.Tensor]);
  const toParams = (ts: tf.Tensor[]): Params => Object.fromEntries(names.map((n, i) => [n, { w: ts[2 * i], b: ts[2 * i + 1] }]));
  const grads = tf.grads((...ts: tf.Tensor[]) => task.loss(toParams(ts), undefined));
  for (let s = 0; s < steps; s++) {
    const next = tf.tidy(() => grads(flat).map((g, i) => tf.sub(flat[i], tf.mul(lr, g))));
    tf.dispose(flat);
    flat = next;
  }
  return toParams(flat);
}

describe('mlpTasks', () => {
  it('cross-entropy matches a host computation on cpu and wasm', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await useBackend(backend);
      checkCrossEntropy();
    }
  });

  function checkCrossEntropy(): void {
    const logits = tf.tensor2d([[1, 2, 3], [0, 0, 5]]);
    const labels = tf.tensor1d([2, 0], 'int32');
    const lse = (r: number[]) => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
    const expected = (lse([1, 2, 3]) - 3 + lse([0, 0, 5]) - 0) / 2;
    expect(crossEntropy(logits, labels, 3).dataSync()[0]).toBeCloseTo(expected, 5);
    tf.dispose([logits, labels]);
  }

  for (const data of ['clusters', 'teacher'] as const) {
    it(`${data}: training with gradient descent lowers the loss and raises accuracy`, () => {
      const task = mlpTasks({ data, activation: 'relu' }).sample(makeKey(0)) as MlpTask;
      expect(task.x.shape).toEqual([256, 10]);
      const params = task.init(makeKey(1));
      expect((params.layer0 as Params).w.shape).toEqual([10, 20]);
      const before = task.loss(params).dataSync()[0];
      const accBefore = task.accuracy(params);
      const trained = sgdSteps(task, params, 60, 0.5);
      const after = task.loss(trained).dataSync()[0];
      expect(after).toBeLessThan(0.7 * before);
      expect(task.accuracy(trained)).toBeGreaterThan(Math.max(accBefore, 0.5));
      task.dispose();
    });
  }

  it('minibatch losses are deterministic per key; tasks differ across keys and splits', () => {
    const family = mlpTasks();
    const task = family.sample(makeKey(3)) as MlpTask;
    const params = task.init(makeKey(0));
    const a = task.loss(params, makeKey(9)).dataSync()[0];
    expect(task.loss(params, makeKey(9)).dataSync()[0]).toBe(a);
    expect(task.loss(params, makeKey(10)).dataSync()[0]).not.toBe(a);
    const other = family.sample(makeKey(4)) as MlpTask;
    const test = mlpTasks({ split: 'test' }).sample(makeKey(3)) as MlpTask;
    expect(Array.from(other.x.dataSync().slice(0, 10))).not.toEqual(Array.from(task.x.dataSync().slice(0, 10)));
    expect(Array.from(test.x.dataSync().slice(0, 10))).not.toEqual(Array.from(task.x.dataSync().slice(0, 10)));
    [task, other, test].forEach((t) => t.dispose());
    expect(() => mlpTasks({ batchSize: 1000 })).toThrow(/batchSize 1000 exceeds the 256 examples/);
    expect(() => mlpTasks({ classes: 1 })).toThrow(/classes/);
  });
});
