import { losses, makeKey, nn, tf, type Params } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/src/testing/backends';
import { maml } from './variants';
import { MetaModule } from './module-api';
import { disposeBatch, sineBatch } from './test-helpers';

function values(p: Params): number[] {
  return tf.tidy(() => Array.from(tf.concat(Object.values(p).flatMap((layer) => Object.values(layer as Params).map((t) => tf.reshape(t as tf.Tensor, [-1])))).dataSync()));
}

describe('learn2learn-style MetaModule', () => {
  beforeAll(() => useBackend('cpu'));

  it('a per-task clone/adapt loop takes the same meta-step as the task-batched learner', () => {
    const model = nn.mlp([1, 8, 1], { activation: 'tanh' });
    const batch = sineBatch(makeKey(5), 4, 5);
    const meta = new MetaModule(model, { lr: 0.05, key: makeKey(1) });
    const loss = meta.step(() => {
      let total: tf.Tensor = tf.scalar(0);
      for (let t = 0; t < batch.size; t++) {
        const pick = (a: tf.Tensor) => tf.squeeze(tf.slice(a, [t], [1]), [0]);
        const learner = meta.clone();
        learner.adapt((f) => losses.mse(f(pick(batch.support.x)), pick(batch.support.y)));
        total = tf.add(total, losses.mse(learner.forward(pick(batch.query.x)), pick(batch.query.y)));
      }
      return tf.div(total, batch.size) as tf.Scalar;
    });
    const learner = maml({ model, innerLr: 0.05 });
    const { state, metrics } = learner.metaStep(learner.init(makeKey(1)), batch);
    expect(loss).toBeCloseTo(metrics.loss, 5);
    const a = values(meta.params);
    const b = values(state.theta.model);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    meta.dispose();
    learner.disposeState(state);
    disposeBatch(batch);
  });
});

describe('execution paths', () => {
  beforeAll(() => useBackend('cpu'));

  it('the per-task path (used for conv models) gives the batched path\'s meta-step', () => {
    const model = nn.mlp([1, 8, 1], { activation: 'tanh' });
    const batch = sineBatch(makeKey(6), 3, 5);
    const results = (['batched', 'per-task'] as const).map((execution) => {
      const learner = maml({ model, innerSteps: 2, innerLr: 0.05, execution });
      const { state, metrics } = learner.metaStep(learner.init(makeKey(2)), batch);
      expect(learner.isBatched(state)).toBe(execution === 'batched');
      const out = { loss: metrics.loss, params: values(state.theta.model) };
      learner.disposeState(state);
      return out;
    });
    expect(results[1].loss).toBeCloseTo(results[0].loss, 5);
    results[1].params.forEach((v, i) => expect(v).toBeCloseTo(results[0].params[i], 5));
    disposeBatch(batch);
  });
});
