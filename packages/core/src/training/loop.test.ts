import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeKey } from '../random/key';
import { useBackend } from '../testing/backends';
import { loadCheckpoint } from './checkpoint';
import { runMetaTraining, type TrainingEvent } from './loop';
import { linearTasks, toyLearner, type ToyState } from './toy.test-helpers';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'metatune-loop-'));
  dirs.push(dir);
  return dir;
}

function bits(state: ToyState): number[] {
  return [...new Uint32Array(new Float32Array([...state.w.dataSync(), ...state.v.dataSync()]).buffer)];
}

describe('runMetaTraining', () => {
  beforeAll(() => useBackend('cpu'));
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('learns the toy family and reports steps and validations through the callback', async () => {
    const events: TrainingEvent[] = [];
    const learner = toyLearner();
    const result = await runMetaTraining({
      learner,
      distribution: linearTasks(),
      steps: 40,
      batchSize: 4,
      key: makeKey(0),
      validation: { every: 10, tasks: 20 },
      onEvent: (e) => void events.push(e),
    });
    expect(result.step).toBe(40);
    // The best single weight for a ~ U[1,3] is 2.
    expect(result.state.w.dataSync()[0]).toBeCloseTo(2, 0);
    expect(events.filter((e) => e.type === 'step')).toHaveLength(40);
    expect(result.validation.map((v) => v.step)).toEqual([10, 20, 30, 40]);
    expect(result.validation[3].value).toBeLessThan(result.validation[0].value);
    learner.disposeState(result.state);
  });

  it('validates before the first step with atStart (step 0), but not again when resuming', async () => {
    const validation = { every: 5, tasks: 8, atStart: true };
    const common = { distribution: linearTasks(), batchSize: 3, key: makeKey(6), validation };
    const plain = await runMetaTraining({ ...common, learner: toyLearner(), steps: 10, validation: { every: 5, tasks: 8 } });
    const dir = await tempDir();
    const started = await runMetaTraining({ ...common, learner: toyLearner(), steps: 10, checkpoint: { dir, every: 5 } });
    expect(started.validation.map((v) => v.step)).toEqual([0, 5, 10]);
    // The start's value is the untrained learner's; the later ones are those of a run without atStart.
    expect(started.validation.slice(1)).toEqual(plain.validation);
    expect(started.validation[0].value).toBeGreaterThan(started.validation[2].value);
    const resumed = await runMetaTraining({ ...common, learner: toyLearner(), steps: 15, checkpoint: { dir, every: 5 } });
    expect(resumed.resumedFrom).toBe(10);
    expect(resumed.validation.map((v) => v.step)).toEqual([0, 5, 10, 15]);
    for (const r of [plain, started, resumed]) tf.dispose([r.state.w, r.state.v]);
  });

  it('resumes from a checkpoint bit-identically to an uninterrupted run', async () => {
    const common = { distribution: linearTasks(), batchSize: 3, key: makeKey(5), validation: { every: 4, tasks: 8 } };
    const straight = await runMetaTraining({ ...common, learner: toyLearner(), steps: 12 });
    const dir = await tempDir();
    const first = await runMetaTraining({ ...common, learner: toyLearner(), steps: 5, checkpoint: { dir, every: 2 } });
    toyLearner().disposeState(first.state);
    const saved = await loadCheckpoint(dir);
    expect(saved?.step).toBe(5);
    tf.dispose(Object.values(saved?.state.tensors ?? {}) as tf.Tensor[]);
    const resumed = await runMetaTraining({ ...common, learner: toyLearner(), steps: 12, checkpoint: { dir, every: 2 } });
    expect(resumed.resumedFrom).toBe(5);
    expect(bits(resumed.state)).toEqual(bits(straight.state));
    // The interrupted run also validated at its last step (5); the rest of the history is the same.
    expect(resumed.validation.filter((v) => v.step !== 5)).toEqual(straight.validation);
    tf.dispose([straight.state.w, straight.state.v, resumed.state.w, resumed.state.v]);
  });

  it('stops early when validation stops improving', async () => {
    // lr 0 never improves after the first evaluation.
    const result = await runMetaTraining({
      learner: toyLearner({ lr: 0 }),
      distribution: linearTasks(),
      steps: 100,
      batchSize: 2,
      key: makeKey(1),
      validation: { every: 5, tasks: 4 },
      earlyStopping: { patience: 2 },
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.step).toBe(15);
    expect(result.best?.step).toBe(5);
    tf.dispose([result.state.w, result.state.v]);
  });

  it('stops on a NaN loss with an error naming the step and keeps the last good checkpoint', async () => {
    const dir = await tempDir();
    const before = tf.memory().numTensors;
    const run = runMetaTraining({
      learner: toyLearner({ poisonAt: 7 }),
      distribution: linearTasks(),
      steps: 20,
      batchSize: 2,
      key: makeKey(2),
      checkpoint: { dir, every: 3 },
    });
    await expect(run).rejects.toMatchObject({ code: 'NUMERICAL', message: expect.stringMatching(/at step 7: loss is NaN/) });
    expect(tf.memory().numTensors).toBe(before);
    const kept = await loadCheckpoint(dir);
    expect(kept?.step).toBe(6);
    tf.dispose(Object.values(kept?.state.tensors ?? {}) as tf.Tensor[]);
  });

  it('refuses a checkpoint of another learner or another model and leaves it untouched', async () => {
    const dir = await tempDir();
    const common = { distribution: linearTasks(), steps: 4, batchSize: 2, key: makeKey(3), checkpoint: { dir, every: 2 } };
    const done = await runMetaTraining({ ...common, learner: toyLearner() });
    tf.dispose([done.state.w, done.state.v]);
    const original = await readFile(join(dir, 'checkpoint.json'), 'utf8');
    await expect(runMetaTraining({ ...common, steps: 8, learner: toyLearner({ name: 'other' }) })).rejects.toMatchObject({ code: 'CHECKPOINT_MISMATCH' });
    await expect(runMetaTraining({ ...common, steps: 8, learner: toyLearner({ fingerprint: 'w[2]' }) })).rejects.toMatchObject({ code: 'CHECKPOINT_MISMATCH' });
    expect(await readFile(join(dir, 'checkpoint.json'), 'utf8')).toBe(original);
  });

  it('rejects bad options', async () => {
    const base = { learner: toyLearner(), distribution: linearTasks(), steps: 3, batchSize: 2, key: makeKey(0) };
    await expect(runMetaTraining({ ...base, steps: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(runMetaTraining({ ...base, batchSize: 1.5 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(runMetaTraining({ ...base, earlyStopping: { patience: 2 } })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('holds the number of tensors flat over many steps with validation', async () => {
    const learner = toyLearner();
    const first = await runMetaTraining({ learner, distribution: linearTasks(), steps: 10, batchSize: 2, key: makeKey(4), validation: { every: 5, tasks: 4 } });
    learner.disposeState(first.state);
    const before = tf.memory().numTensors;
    const second = await runMetaTraining({ learner, distribution: linearTasks(), steps: 300, batchSize: 2, key: makeKey(4), validation: { every: 5, tasks: 4 } });
    learner.disposeState(second.state);
    expect(tf.memory().numTensors).toBe(before);
  });
});
