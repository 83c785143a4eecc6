import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetatuneError, makeKey, nn, tf, training } from '@metatune/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../core/src/testing/backends';
import { createMamlLearner } from './learner';
import { maml, metaSgd } from './variants';
import { disposeBatch, sineBatch, sineTasks } from './test-helpers';

const model = nn.mlp([1, 4, 1], { activation: 'tanh' });
const dirs: string[] = [];

describe('bad input', () => {
  beforeAll(() => useBackend('cpu'));
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('rejects a task batch whose shapes disagree with the model or with itself, leaving the state intact', () => {
    const learner = maml({ model });
    const state = learner.init(makeKey(0));
    const wide = { support: { x: tf.zeros([2, 5, 3]), y: tf.zeros([2, 5, 1]) }, query: { x: tf.zeros([2, 5, 3]), y: tf.zeros([2, 5, 1]) }, size: 2 };
    expect(() => learner.metaStep(state, wide)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringMatching(/3 features but the layer takes 1/) }));
    const ragged = { ...sineBatch(makeKey(1), 3), size: 4 };
    expect(() => learner.metaStep(state, ragged)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringMatching(/holds 3 tasks but the batch says size 4/) }));
    // The state was not consumed: it still works.
    const ok = sineBatch(makeKey(2), 2);
    const { metrics, state: next } = learner.metaStep(state, ok);
    expect(Number.isFinite(metrics.loss)).toBe(true);
    learner.disposeState(next);
    tf.dispose([wide.support.x, wide.support.y, wide.query.x, wide.query.y]);
    disposeBatch(ragged);
    disposeBatch(ok);
  });

  it('rejects learning rates that are not finite or not positive', () => {
    expect(() => maml({ model, innerLr: Number.NaN })).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: expect.stringMatching(/innerLr/) }));
    expect(() => maml({ model, outerLr: Infinity })).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => maml({ model, innerLr: -0.1 })).toThrow(MetatuneError);
    const learner = maml({ model });
    const state = learner.init(makeKey(0));
    expect(() => learner.adapt(learner.params(state), { x: tf.zeros([3, 1]), y: tf.zeros([3, 1]) }, { steps: 1, lr: Number.NaN })).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    learner.disposeState(state);
  });

  it('stops with an error naming the step when the loss becomes NaN and keeps the last good checkpoint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'metatune-maml-'));
    dirs.push(dir);
    // A huge inner rate makes the adapted network overflow after a few outer steps.
    const learner = createMamlLearner({ model, innerLr: 1e18, outerLr: 0.5 });
    const run = training.runMetaTraining({ learner, distribution: sineTasks(), steps: 50, batchSize: 2, key: makeKey(0), checkpoint: { dir, every: 1 } });
    const error = await run.then(
      () => undefined,
      (e: unknown) => e as MetatuneError,
    );
    expect(error).toBeInstanceOf(MetatuneError);
    expect(error?.code).toBe('NUMERICAL');
    const step = Number(/at step (\d+)/.exec(error!.message)?.[1]);
    expect(step).toBeGreaterThanOrEqual(1);
    const kept = await training.loadCheckpoint(dir);
    if (step > 1) {
      expect(kept?.step).toBe(step - 1);
      const restored = learner.restore(kept!.state);
      learner.disposeState(restored);
    } else {
      expect(kept).toBeUndefined();
    }
  });

  it('refuses a checkpoint from a different model (or variant) without touching it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'metatune-maml-'));
    dirs.push(dir);
    const learner = maml({ model });
    const done = await training.runMetaTraining({ learner, distribution: sineTasks(), steps: 2, batchSize: 2, key: makeKey(0), checkpoint: { dir, every: 1 } });
    learner.disposeState(done.state);
    const before = await readFile(join(dir, 'checkpoint.json'), 'utf8');
    const other = maml({ model: nn.mlp([1, 5, 1], { activation: 'tanh' }) });
    await expect(training.runMetaTraining({ learner: other, distribution: sineTasks(), steps: 4, batchSize: 2, key: makeKey(0), checkpoint: { dir, every: 1 } })).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
    });
    const saved = await training.loadCheckpoint(dir);
    expect(() => metaSgd({ model }).restore(saved!.state)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_MISMATCH' }));
    expect(await readFile(join(dir, 'checkpoint.json'), 'utf8')).toBe(before);
  });

  it('resumes a MAML run bit-identically from its checkpoint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'metatune-maml-'));
    dirs.push(dir);
    const common = { distribution: sineTasks(), batchSize: 2, key: makeKey(7) };
    const straight = await training.runMetaTraining({ ...common, learner: maml({ model }), steps: 6 });
    const part = await training.runMetaTraining({ ...common, learner: maml({ model }), steps: 3, checkpoint: { dir, every: 3 } });
    maml({ model }).disposeState(part.state);
    const resumed = await training.runMetaTraining({ ...common, learner: maml({ model }), steps: 6, checkpoint: { dir, every: 3 } });
    const bits = (s: typeof straight.state) => Array.from(new Uint32Array(Float32Array.from(tf.tidy(() => tf.concat([(s.theta.model.layer0 as Record<string, tf.Tensor>).w, (s.theta.model.layer1 as Record<string, tf.Tensor>).b].map((t) => tf.reshape(t, [-1])))).dataSync()).buffer));
    expect(resumed.resumedFrom).toBe(3);
    expect(bits(resumed.state)).toEqual(bits(straight.state));
    maml({ model }).disposeState(straight.state);
    maml({ model }).disposeState(resumed.state);
  });
});
