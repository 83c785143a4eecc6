import { leaves, makeKey, nn, tf, type Params, type TaskBatch } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/src/testing/backends';
import { anil } from './variants';
import { disposeBatch, sineBatch, sineTasks } from './test-helpers';

/** `model` with its head split hidden: ANIL then runs the whole model in every inner step. */
function withoutHead(model: nn.Module): nn.Module {
  return { init: (key) => model.init(key), apply: (params, x, options) => model.apply(params, x, options) };
}

/** `model` counting the calls of its body (`head.features`). */
function countingBody(model: nn.Module): { model: nn.Module; calls: () => number } {
  const head = model.head!;
  let calls = 0;
  return {
    model: {
      init: (key) => model.init(key),
      apply: (params, x, options) => model.apply(params, x, options),
      head: {
        key: head.key,
        features: (params, x) => {
          calls += 1;
          return head.features(params, x);
        },
        apply: (h, features) => head.apply(h, features),
      },
    },
    calls: () => calls,
  };
}

const maxDiff = (a: Params, b: Params): number => {
  const right = new Map(leaves(b));
  return Math.max(...leaves(a).map(([path, t]) => tf.tidy(() => tf.max(tf.abs(tf.sub(t, right.get(path)!))).dataSync()[0])));
};

/** A 3-way, 2-shot classification batch of random 16x16 images (the per-task conv4 path). */
function imageBatch(seed: number, tasks: number): TaskBatch {
  const set = (s: number) => ({
    x: tf.randomUniform([tasks, 6, 16, 16, 1], 0, 1, 'float32', s),
    y: tf.tile(tf.tensor2d([0, 0, 1, 1, 2, 2], [1, 6], 'int32'), [tasks, 1]),
  });
  return { support: set(seed), query: set(seed + 1), size: tasks };
}

describe('ANIL on a model with a head split (the body runs once per task and data set)', () => {
  beforeAll(() => useBackend('cpu'));

  it('gives the same meta-gradient as running the whole model in every inner step, task-batched', () => {
    // tanh: see the README (second-order tests avoid relu under vitest).
    const mlp = nn.mlp([1, 12, 12, 1], { activation: 'tanh' });
    const counted = countingBody(mlp);
    const options = { innerSteps: 3, innerLr: 0.05 };
    const split = anil({ model: counted.model, ...options });
    const whole = anil({ model: withoutHead(mlp), ...options });
    expect(split.options.adapt).toEqual(['layer2']);
    const state = split.init(makeKey(1));
    const batch = sineBatch(makeKey(2), 6);
    const a = split.metaGradient(state, batch);
    // Support and query: two body passes for the whole batch, whatever the inner steps.
    expect(counted.calls()).toBe(2);
    const b = whole.metaGradient(state, batch);
    expect(Math.abs(a.loss.dataSync()[0] - b.loss.dataSync()[0])).toBeLessThan(1e-6);
    expect(maxDiff(a.grads.model, b.grads.model)).toBeLessThan(1e-5);
    // The body's layers get a meta-gradient through the features.
    expect(tf.tidy(() => tf.max(tf.abs((a.grads.model.layer0 as Params).w as tf.Tensor)).dataSync()[0])).toBeGreaterThan(0);
    const evaluation = (learner: typeof split) => learner.evaluate(state, sineTasks(5, 'validation'), { tasks: 12, steps: [0, 2], key: makeKey(3) });
    const [ea, eb] = [evaluation(split), evaluation(whole)];
    expect(ea.loss[2].mean).toBeCloseTo(eb.loss[2].mean, 5);
    disposeBatch(batch);
    split.disposeState(state);
  });

  it('gives the same conv4 meta-gradient and evaluation on the per-task path', () => {
    const conv = nn.conv4({ outputs: 3, filters: 4, imageSize: 16, norm: 'batch' });
    const counted = countingBody(conv);
    const options = { innerSteps: 2, innerLr: 0.2 };
    const split = anil({ model: counted.model, ...options });
    const whole = anil({ model: withoutHead(conv), ...options });
    expect(split.options.adapt).toEqual(['head']);
    const state = split.init(makeKey(4));
    expect(split.isBatched(state)).toBe(false);
    const batch = imageBatch(5, 3);
    const a = split.metaGradient(state, batch);
    expect(counted.calls()).toBe(2 * 3);
    const b = whole.metaGradient(state, batch);
    expect(Math.abs(a.loss.dataSync()[0] - b.loss.dataSync()[0])).toBeLessThan(1e-5);
    expect(maxDiff(a.grads.model, b.grads.model)).toBeLessThan(1e-4);
    const adapted = split.adapt(state.theta.model, { x: tf.squeeze(tf.slice(batch.support.x, [0], [1]), [0]), y: tf.squeeze(tf.slice(batch.support.y, [0], [1]), [0]) }, { steps: 2 });
    const adaptedWhole = whole.adapt(state.theta.model, { x: tf.squeeze(tf.slice(batch.support.x, [0], [1]), [0]), y: tf.squeeze(tf.slice(batch.support.y, [0], [1]), [0]) }, { steps: 2 });
    expect(maxDiff(adapted, adaptedWhole)).toBeLessThan(1e-5);
    disposeBatch(batch);
    split.disposeState(state);
  });
});
