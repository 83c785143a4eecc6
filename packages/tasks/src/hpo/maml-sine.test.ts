// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Params, grad, leaves, losses, makeKey, nn, tf } from '@metatune/core';
import { sinusoid } from '../regression/sinusoid';
import { adaptBatched, mamlSine } from './maml-sine';

beforeAll(() => useBackend('cpu'));

function flat(p: Params): number[] {
  return leaves(p).flatMap(([, t]) => Array.from(t.dataSync()));
}

describe('adaptBatched (compact MAML)', () => {
  const model = nn.mlp([1, 16, 16, 1]);
  let params: Params;
  let xs: tf.Tensor, ys: tf.Tensor, xq: tf.Tensor, yq: tf.Tensor;
  beforeAll(async () => {
    await useBackend('cpu');
    params = model.init(makeKey(0));
    const batch = sinusoid({ shots: 10 }).sampleBatch(makeKey(1), 3);
    ({ x: xs, y: ys } = batch.support);
    ({ x: xq, y: yq } = batch.query);
  });

  it('lowers every task support loss', () => {
    const before = losses.mseBatched(model.apply(nn.batchParams(params, 3), xs), ys).dataSync();
    const after = losses.mseBatched(model.apply(adaptBatched(model, nn.batchParams(params, 3), xs, ys, 0.01, 3, true), xs), ys).dataSync();
    for (let t = 0; t < 3; t++) expect(after[t]).toBeLessThan(before[t]);
  });

  it('first order: the meta-gradient is the query gradient at the adapted params, summed over tasks / T', () => {
    const metaLoss = (firstOrder: boolean) => (p: Params) =>
      tf.mean(losses.mseBatched(model.apply(adaptBatched(model, nn.batchParams(p, 3), xs, ys, 0.05, 2, firstOrder), xq), yq)) as tf.Scalar;
    const fo = flat(grad(metaLoss(true))(params));
    const fast = adaptBatched(model, nn.batchParams(params, 3), xs, ys, 0.05, 2, true);
    const atFast = grad((f: Params) => tf.mean(losses.mseBatched(model.apply(f, xq), yq)) as tf.Scalar)(fast);
    const expected = leaves(atFast).flatMap(([, t]) => Array.from(tf.sum(t, 0).dataSync()));
    expect(fo.length).toBe(expected.length);
    fo.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    // Second order differs: the inner steps' curvature enters the meta-gradient.
    const so = flat(grad(metaLoss(false))(params));
    const diff = Math.sqrt(so.reduce((s, v, i) => s + (v - fo[i]) ** 2, 0));
    expect(diff).toBeGreaterThan(1e-4);
  });
});

describe('mamlSine', () => {
  it('is deterministic and finite for both orders, with the documented space', () => {
    const small = { metaIterations: 4, metaBatch: 2, hidden: [8], validationTasks: 5 };
    const task = mamlSine(small);
    expect(Object.keys(task.space)).toEqual(['innerLr', 'innerSteps', 'outerLr']);
    const before = tf.memory().numTensors;
    const a = task.objective({ innerLr: 0.01, innerSteps: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(a)).toBe(true);
    expect(task.objective({ innerLr: 0.01, innerSteps: 2 })).toBe(a);
    const second = mamlSine({ ...small, order: 2 }).objective({ innerLr: 0.01, innerSteps: 2 });
    expect(Number.isFinite(second)).toBe(true);
    expect(second).not.toBe(a);
    // the trial's outer learning rate changes the result; without one the task default applies
    expect(task.objective({ innerLr: 0.01, innerSteps: 2, outerLr: 0.001 })).toBe(a);
    expect(task.objective({ innerLr: 0.01, innerSteps: 2, outerLr: 0.02 })).not.toBe(a);
    expect(() => mamlSine({ order: 3 as 1 })).toThrow(/order must be 1 or 2/);
  });
});
