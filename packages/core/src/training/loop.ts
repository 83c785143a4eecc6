/**
 * The meta-training loop shared by every `MetaLearner` (MAML and its variants, Reptile):
 * meta-steps on task batches drawn from `foldIn(key, step)`, meta-validation every n steps,
 * atomic checkpoints that resume bit-identically, early stopping, a NaN guard and a callback.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import type { EvaluationResult, JsonValue, MetaLearner, Metrics } from '../contracts/meta-learner';
import type { TaskDistribution } from '../contracts/task';
import { foldIn, type Key, assertKey } from '../random/key';
import { leaves } from '../params/tree';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';

/** Domain tags folded into the loop key, so batches, validation and the learner's init never share randomness. */
const TRAIN_DOMAIN = 0x7472;
const VALIDATION_DOMAIN = 0x76616c;
const INIT_DOMAIN = 0x696e6974;

/** Meta-validation settings of {@link runMetaTraining}. */
export interface ValidationOptions {
  /** Evaluate every this many meta-steps (and after the last one). */
  readonly every: number;
  /** Held-out tasks per evaluation (default 100). The same tasks are used every time. */
  readonly tasks?: number;
  /** Adaptation steps before measuring (default 1). */
  readonly steps?: number;
  /** Which number decides early stopping: `'loss'` (default; lower is better) or `'accuracy'`. */
  readonly metric?: 'loss' | 'accuracy';
  /** Tasks to draw from (default: `distribution.withSplit('validation')`). */
  readonly distribution?: TaskDistribution;
  /**
   * Also evaluate before the first meta-step (recorded as step 0; not when a checkpoint is
   * resumed): the starting point of the curve, e.g. a pretrained initialisation's own accuracy.
   */
  readonly atStart?: boolean;
}

/** Early stopping: stop when the validation metric has not improved by `minDelta` for `patience` evaluations. */
export interface EarlyStoppingOptions {
  readonly patience: number;
  readonly minDelta?: number;
}

/** Checkpointing settings of {@link runMetaTraining}. */
export interface CheckpointOptions {
  /** Directory of the checkpoint (created if missing). */
  readonly dir: string;
  /** Save every this many meta-steps (and after the last one). */
  readonly every: number;
  /** Continue from the checkpoint in `dir` when there is one (default true). */
  readonly resume?: boolean;
}

/** What the callback receives. */
export type TrainingEvent =
  | { readonly type: 'step'; readonly step: number; readonly metrics: Metrics }
  | { readonly type: 'validation'; readonly step: number; readonly value: number; readonly result: EvaluationResult; readonly improved: boolean }
  | { readonly type: 'checkpoint'; readonly step: number; readonly dir: string }
  | { readonly type: 'resumed'; readonly step: number; readonly dir: string };

/** Options of {@link runMetaTraining}. */
export interface MetaTrainingOptions<S> {
  readonly learner: MetaLearner<S>;
  /** Meta-training tasks. */
  readonly distribution: TaskDistribution;
  /** Total meta-steps (a resumed run continues up to this count). */
  readonly steps: number;
  /** Tasks per meta-step (meta-batch size). */
  readonly batchSize: number;
  /** The run's key: initial parameters, every task batch and the validation tasks derive from it. */
  readonly key: Key;
  readonly validation?: ValidationOptions;
  readonly earlyStopping?: EarlyStoppingOptions;
  readonly checkpoint?: CheckpointOptions;
  /** Progress callback; awaited, so it may write logs. Called for every step: keep it cheap. */
  readonly onEvent?: (event: TrainingEvent) => void | Promise<void>;
  /** Report the `step` event every this many steps (default 1). */
  readonly logEvery?: number;
}

/** One validation measurement. */
export interface ValidationRecord {
  readonly step: number;
  readonly value: number;
}

/** What {@link runMetaTraining} returns; the caller owns `state` (dispose it with `learner.disposeState`). */
export interface MetaTrainingResult<S> {
  readonly state: S;
  /** Meta-steps completed in total (including those before a resume). */
  readonly step: number;
  readonly stoppedEarly: boolean;
  /** Step resumed from, when the run continued a checkpoint. */
  readonly resumedFrom?: number;
  readonly validation: readonly ValidationRecord[];
  readonly best?: ValidationRecord;
  /** Metrics of the last meta-step. */
  readonly lastMetrics?: Metrics;
}

interface LoopState {
  validation: ValidationRecord[];
  best?: ValidationRecord;
  sinceBest: number;
}

function positiveInteger(value: unknown, what: string): number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new MetatuneError('INVALID_OPTIONS', `${what} must be a positive integer, got ${String(value)}`);
  }
  return value as number;
}

function loopToJson(loop: LoopState): { [key: string]: JsonValue } {
  return {
    validation: loop.validation.map((r) => ({ step: r.step, value: r.value })),
    best: loop.best ? { step: loop.best.step, value: loop.best.value } : null,
    sinceBest: loop.sinceBest,
  };
}

function loopFromJson(json: { [key: string]: JsonValue }): LoopState {
  const validation = Array.isArray(json.validation) ? (json.validation as unknown as ValidationRecord[]) : [];
  const best = json.best && typeof json.best === 'object' ? (json.best as unknown as ValidationRecord) : undefined;
  return { validation: [...validation], best, sinceBest: typeof json.sinceBest === 'number' ? json.sinceBest : 0 };
}

/** Throws `NUMERICAL` unless every parameter is finite (run before a checkpoint is written). */
function assertFiniteParams<S>(learner: MetaLearner<S>, state: S, step: number): void {
  const bad = tf.tidy(() => {
    for (const [path, t] of leaves(learner.params(state))) {
      if (!tf.all(tf.isFinite(t)).dataSync()[0]) return path;
    }
    return undefined;
  });
  if (bad !== undefined) {
    throw new MetatuneError('NUMERICAL', `meta-training diverged at step ${step}: parameter '${bad}' is not finite`, {
      hint: 'lower the learning rates; the last good checkpoint was kept',
    });
  }
}

/**
 * Meta-trains `learner` on `distribution` for `steps` meta-steps of `batchSize` tasks.
 * Task batch `s` is drawn from `foldIn(foldIn(key, TRAIN), s)`, so a run resumed from a
 * checkpoint sees exactly the batches it would have seen and ends bit-identical on the same
 * backend. A meta-step whose loss is not finite stops the run with a `NUMERICAL` error naming
 * the step; the checkpoint on disk is then the last good one (it is never overwritten with a
 * diverged state). A checkpoint of another learner or model fails with `CHECKPOINT_MISMATCH`.
 *
 * @example
 * const result = await training.runMetaTraining({ learner, distribution: sines, steps: 1000, batchSize: 25, key: makeKey(0) });
 */
export async function runMetaTraining<S>(options: MetaTrainingOptions<S>): Promise<MetaTrainingResult<S>> {
  const { learner, distribution } = options;
  const steps = positiveInteger(options.steps, 'steps');
  const batchSize = positiveInteger(options.batchSize, 'batchSize');
  const key = assertKey(options.key, 'key');
  const logEvery = positiveInteger(options.logEvery ?? 1, 'logEvery');
  const validation = options.validation;
  if (validation) positiveInteger(validation.every, 'validation.every');
  const validationTasks = positiveInteger(validation?.tasks ?? 100, 'validation.tasks');
  const validationSteps = validation?.steps ?? 1;
  if (!Number.isInteger(validationSteps) || validationSteps < 0) {
    throw new MetatuneError('INVALID_OPTIONS', `validation.steps must be a non-negative integer, got ${String(validationSteps)}`);
  }
  const metric = validation?.metric ?? 'loss';
  const early = options.earlyStopping;
  if (early) {
    positiveInteger(early.patience, 'earlyStopping.patience');
    if (!validation) throw new MetatuneError('INVALID_OPTIONS', 'earlyStopping needs validation', { hint: 'pass validation: { every: n }' });
  }
  const ckpt = options.checkpoint;
  if (ckpt) positiveInteger(ckpt.every, 'checkpoint.every');
  const emit = async (event: TrainingEvent) => {
    if (options.onEvent) await options.onEvent(event);
  };

  let state: S | undefined;
  let step = 0;
  let loop: LoopState = { validation: [], sinceBest: 0 };
  let resumedFrom: number | undefined;
  if (ckpt && ckpt.resume !== false) {
    const saved = await loadCheckpoint(ckpt.dir);
    if (saved) {
      if (saved.learner !== learner.name) {
        throw new MetatuneError('CHECKPOINT_MISMATCH', `the checkpoint in ${ckpt.dir} is from learner '${saved.learner}', not '${learner.name}'`, {
          hint: 'use another checkpoint directory, or resume: false to start over (that overwrites it)',
        });
      }
      if (saved.key[0] !== key[0] || saved.key[1] !== key[1]) {
        throw new MetatuneError('CHECKPOINT_MISMATCH', `the checkpoint in ${ckpt.dir} was made with another key`, {
          hint: 'resume with the same seed, or use another checkpoint directory',
        });
      }
      // restore() checks the model fingerprint and throws CHECKPOINT_MISMATCH itself.
      state = learner.restore(saved.state);
      tf.dispose(leaves(saved.state.tensors).map(([, t]) => t));
      step = saved.step;
      loop = loopFromJson(saved.loop);
      resumedFrom = step;
      await emit({ type: 'resumed', step, dir: ckpt.dir });
    }
  }
  state ??= learner.init(foldIn(key, INIT_DOMAIN));

  const trainKey = foldIn(key, TRAIN_DOMAIN);
  const validationKey = foldIn(key, VALIDATION_DOMAIN);
  const validationDistribution = validation ? (validation.distribution ?? distribution.withSplit('validation')) : undefined;
  let stoppedEarly = false;
  let lastMetrics: Metrics | undefined;

  const save = async (current: S) => {
    if (!ckpt) return;
    assertFiniteParams(learner, current, step);
    const checkpoint = learner.checkpoint(current);
    try {
      await saveCheckpoint(ckpt.dir, { learner: learner.name, step, key, state: checkpoint, loop: loopToJson(loop) });
    } finally {
      tf.dispose(leaves(checkpoint.tensors).map(([, t]) => t));
    }
    await emit({ type: 'checkpoint', step, dir: ckpt.dir });
  };

  // One meta-validation at the current step: recorded, compared with the best, and the early stop decided.
  const validate = async (current: S) => {
    if (!validation || !validationDistribution) return;
    const evaluation = learner.evaluate(current, validationDistribution, { tasks: validationTasks, steps: [validationSteps], key: validationKey });
    const table = metric === 'accuracy' ? evaluation.accuracy : evaluation.loss;
    const value = table?.[validationSteps]?.mean;
    if (value === undefined || !Number.isFinite(value)) {
      throw new MetatuneError('NUMERICAL', `meta-validation at step ${step} gave no finite ${metric}`, {
        hint: metric === 'accuracy' ? 'accuracy needs a classification task family' : 'lower the learning rates',
      });
    }
    const sign = metric === 'accuracy' ? -1 : 1;
    const improved = !loop.best || sign * (loop.best.value - value) > (early?.minDelta ?? 0);
    loop.validation.push({ step, value });
    if (improved) {
      loop.best = { step, value };
      loop.sinceBest = 0;
    } else {
      loop.sinceBest += 1;
    }
    await emit({ type: 'validation', step, value, result: evaluation, improved });
    if (early && loop.sinceBest >= early.patience) stoppedEarly = true;
  };

  try {
    if (validation?.atStart && step === 0) await validate(state);
    while (step < steps && !stoppedEarly) {
      const batch = distribution.sampleBatch(foldIn(trainKey, step), batchSize);
      let result: { state: S; metrics: Metrics };
      try {
        result = learner.metaStep(state as S, batch);
      } finally {
        tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
      }
      state = result.state;
      step += 1;
      lastMetrics = result.metrics;
      const bad = Object.entries(result.metrics).find(([, v]) => !Number.isFinite(v));
      if (bad) {
        throw new MetatuneError('NUMERICAL', `meta-training diverged at step ${step}: ${bad[0]} is ${bad[1]}`, {
          hint: `lower the learning rates${ckpt ? `; the last good checkpoint in ${ckpt.dir} was kept` : ''}`,
        });
      }
      if (step % logEvery === 0) await emit({ type: 'step', step, metrics: result.metrics });

      const last = step === steps;
      if (validation && (step % validation.every === 0 || last)) await validate(state);
      if (ckpt && (step % ckpt.every === 0 || last || stoppedEarly)) await save(state);
    }
  } catch (error) {
    if (state !== undefined) learner.disposeState(state);
    throw error;
  }
  return { state: state as S, step, stoppedEarly, resumedFrom, validation: loop.validation, best: loop.best, lastMetrics };
}
