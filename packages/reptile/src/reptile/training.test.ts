import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetatuneError, makeKey, nn, tf, training } from '@metatune/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../core/src/testing/backends';
import { reptile } from './learner';
import { bits, disposeBatch, sineBatch, sineTasks } from './test-helpers';

const model = nn.mlp([1, 8, 1], { activation: 'tanh' });
const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'metatune-reptile-'));
  dirs.push(dir);
  return dir;
};

describe('Reptile through core training loop', () => {
  beforeAll(() => useBackend('cpu'));
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('is deterministic given a seed, and another seed gives other parameters', async () => {
    const make = () => reptile({ model, innerSteps: 3, innerBatch: 3, annealSteps: 20 });
    const common = { distribution: sineTasks(6), steps: 8, batchSize: 3 };
    const a = await training.runMetaTraining({ ...common, learner: make(), key: makeKey(11) });
    const b = await training.runMetaTraining({ ...common, learner: make(), key: makeKey(11) });
    const c = await training.runMetaTraining({ ...common, learner: make(), key: makeKey(12) });
    expect(bits(a.state.theta)).toEqual(bits(b.state.theta));
    expect(bits(a.state.theta)).not.toEqual(bits(c.state.theta));
    for (const r of [a, b, c]) make().disposeState(r.state);
  });

  it('resumes bit-identically from a checkpoint (annealed step size, minibatch draws, validation history)', async () => {
    const dir = await tempDir();
    const make = () => reptile({ model, innerSteps: 3, innerBatch: 2, innerOptimizer: 'adam', innerLr: 0.01, annealSteps: 10 });
    const common = { distribution: sineTasks(5), batchSize: 2, key: makeKey(7), validation: { every: 2, tasks: 4, steps: 2 } };
    const straight = await training.runMetaTraining({ ...common, learner: make(), steps: 8 });
    const part = await training.runMetaTraining({ ...common, learner: make(), steps: 4, checkpoint: { dir, every: 2 } });
    make().disposeState(part.state);
    const resumed = await training.runMetaTraining({ ...common, learner: make(), steps: 8, checkpoint: { dir, every: 2 } });
    expect(resumed.resumedFrom).toBe(4);
    expect(resumed.state.step).toBe(8);
    expect(bits(resumed.state.theta)).toEqual(bits(straight.state.theta));
    expect(resumed.validation).toEqual(straight.validation);
    make().disposeState(straight.state);
    make().disposeState(resumed.state);
  });

  it('improves the post-adaptation loss on held-out sines over training, and evaluates with 95% intervals', async () => {
    // Batched Reptile with epsilon 1 (the paper's batched setting) learns sines within a few hundred steps.
    const learner = reptile({ model: nn.mlp([1, 20, 20, 1], { activation: 'tanh' }), innerSteps: 5, innerLr: 0.02, outerStepSize: 1 });
    const test = sineTasks(10, 'test');
    const init = learner.init(makeKey(0));
    const before = learner.evaluate(init, test, { tasks: 100, steps: [0, 5], key: makeKey(1) });
    learner.disposeState(init);
    const run = await training.runMetaTraining({ learner, distribution: sineTasks(10), steps: 250, batchSize: 5, key: makeKey(0) });
    const after = learner.evaluate(run.state, test, { tasks: 100, steps: [0, 5], key: makeKey(1) });
    learner.disposeState(run.state);
    expect(after.loss[5].n).toBe(100);
    expect(after.loss[5].ci95).toBeGreaterThan(0);
    // Meta-training must help adaptation well beyond the noise of 100 tasks.
    expect(after.loss[5].mean + after.loss[5].ci95 + before.loss[5].ci95).toBeLessThan(before.loss[5].mean);
    expect(after.loss[5].mean).toBeLessThan(after.loss[0].mean);
  }, 60_000);

  it('runs conv4 per task on image classification and reports accuracy', () => {
    const conv = reptile({ model: nn.conv4({ outputs: 3, filters: 4, imageSize: 16 }), innerSteps: 2, innerLr: 0.1 });
    const state = conv.init(makeKey(0));
    expect(conv.isBatched(state)).toBe(false);
    const images = () => tf.randomUniform([2, 6, 16, 16, 1], 0, 1, 'float32', 3);
    const labels = () => tf.tensor2d([0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2], [2, 6], 'int32');
    const batch = { support: { x: images(), y: labels() }, query: { x: images(), y: labels() }, size: 2 };
    const { state: next, metrics } = conv.metaStep(state, batch);
    expect(Number.isFinite(metrics.loss)).toBe(true);
    const distribution = { ...sineTasks(), kind: 'classification' as const, sampleBatch: () => ({ support: { x: images(), y: labels() }, query: { x: images(), y: labels() }, size: 2 }) };
    const result = conv.evaluate(next, distribution, { tasks: 2, steps: [0, 1], key: makeKey(0) });
    expect(result.accuracy?.[1].n).toBe(2);
    conv.disposeState(next);
    disposeBatch(batch);
  });
});

describe('bad input', () => {
  beforeAll(() => useBackend('cpu'));

  it('rejects bad options with the option named', () => {
    expect(() => reptile({ model, innerSteps: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringMatching(/innerSteps/) }));
    expect(() => reptile({ model, innerSteps: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => reptile({ model, innerLr: Number.NaN })).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: expect.stringMatching(/innerLr/) }));
    expect(() => reptile({ model, outerStepSize: Infinity })).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: expect.stringMatching(/outerStepSize/) }));
    expect(() => reptile({ model, innerLr: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => reptile({ model, innerBatch: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringMatching(/innerBatch/) }));
    expect(() => reptile({ model, annealSteps: -5 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => reptile({ model: {} as nn.Module })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringMatching(/model/) }));
    const learner = reptile({ model });
    const state = learner.init(makeKey(0));
    const support = { x: tf.zeros([3, 1]), y: tf.zeros([3, 1]) };
    expect(() => learner.adapt(learner.params(state), support, { steps: 1, lr: Number.NaN })).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => learner.adapt(learner.params(state), { x: tf.zeros([0, 1]), y: tf.zeros([0, 1]) }, { steps: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    learner.disposeState(state);
    tf.dispose([support.x, support.y]);
  });

  it('rejects an empty task, a ragged batch and a too-small support set, leaving the state usable', () => {
    const learner = reptile({ model, innerBatch: 4 });
    const state = learner.init(makeKey(0));
    const empty = { support: { x: tf.zeros([2, 0, 1]), y: tf.zeros([2, 0, 1]) }, query: { x: tf.zeros([2, 3, 1]), y: tf.zeros([2, 3, 1]) }, size: 2 };
    expect(() => learner.metaStep(state, empty)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/empty support set/) }));
    const none = { ...empty, size: 0 };
    expect(() => learner.metaStep(state, none)).toThrow(MetatuneError);
    const wide = { support: { x: tf.zeros([2, 5, 3]), y: tf.zeros([2, 5, 1]) }, query: { x: tf.zeros([2, 5, 3]), y: tf.zeros([2, 5, 1]) }, size: 2 };
    expect(() => learner.metaStep(state, wide)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringMatching(/3 features but the layer takes 1/) }));
    const flatY = { support: { x: tf.zeros([2, 5, 1]), y: tf.zeros([2, 5]) }, query: { x: tf.zeros([2, 5, 1]), y: tf.zeros([2, 5]) }, size: 2 };
    expect(() => learner.metaStep(state, flatY)).toThrow(MetatuneError);
    tf.dispose([wide.support.x, wide.support.y, wide.query.x, wide.query.y, flatY.support.x, flatY.support.y, flatY.query.x, flatY.query.y]);
    const ragged = { ...sineBatch(makeKey(1), 3, 5), size: 4 };
    expect(() => learner.metaStep(state, ragged)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringMatching(/holds 3 tasks but the batch says size 4/) }));
    const small = sineBatch(makeKey(2), 2, 3);
    expect(() => learner.metaStep(state, small)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringMatching(/innerBatch is 4 but the tasks have only 3/) }));
    const ok = sineBatch(makeKey(3), 2, 5);
    const { metrics, state: next } = learner.metaStep(state, ok);
    expect(Number.isFinite(metrics.loss)).toBe(true);
    learner.disposeState(next);
    tf.dispose([empty.support.x, empty.support.y, empty.query.x, empty.query.y]);
    [ragged, small, ok].forEach(disposeBatch);
  });

  it('stops with NUMERICAL naming the step when the loss becomes non-finite, and keeps the last good checkpoint', async () => {
    const dir = await tempDir();
    // A huge inner rate makes the adapted network overflow within a few outer steps.
    const learner = reptile({ model, innerLr: 1e18, innerSteps: 3 });
    const error = await training.runMetaTraining({ learner, distribution: sineTasks(), steps: 50, batchSize: 2, key: makeKey(0), checkpoint: { dir, every: 1 } }).then(
      () => undefined,
      (e: unknown) => e as MetatuneError,
    );
    expect(error).toBeInstanceOf(MetatuneError);
    expect(error?.code).toBe('NUMERICAL');
    expect(error?.hint).toMatch(/last good checkpoint/);
    const step = Number(/at step (\d+)/.exec(error!.message)?.[1]);
    expect(step).toBeGreaterThanOrEqual(1);
    const kept = await training.loadCheckpoint(dir);
    if (step > 1) {
      expect(kept?.step).toBe(step - 1);
      const restored = learner.restore(kept!.state);
      expect(tf.tidy(() => tf.all(tf.isFinite(restored.theta.layer0 && (restored.theta.layer0 as Record<string, tf.Tensor>).w)).dataSync()[0])).toBe(1);
      learner.disposeState(restored);
    } else {
      expect(kept).toBeUndefined();
    }
  });

  it('refuses a checkpoint of another model without touching it', async () => {
    const dir = await tempDir();
    const learner = reptile({ model });
    const done = await training.runMetaTraining({ learner, distribution: sineTasks(), steps: 2, batchSize: 2, key: makeKey(0), checkpoint: { dir, every: 1 } });
    learner.disposeState(done.state);
    const before = await readFile(join(dir, 'checkpoint.json'), 'utf8');
    const other = reptile({ model: nn.mlp([1, 5, 1], { activation: 'tanh' }) });
    await expect(training.runMetaTraining({ learner: other, distribution: sineTasks(), steps: 4, batchSize: 2, key: makeKey(0), checkpoint: { dir, every: 1 } })).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
    });
    const saved = await training.loadCheckpoint(dir);
    expect(() => other.restore(saved!.state)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_MISMATCH', message: expect.stringMatching(/parameter shapes/) }));
    expect(() => learner.restore({ tensors: saved!.state.tensors, meta: { ...saved!.state.meta, key: 'x' } })).toThrow(expect.objectContaining({ code: 'CHECKPOINT_MISMATCH' }));
    expect(await readFile(join(dir, 'checkpoint.json'), 'utf8')).toBe(before);
  });
});
