/**
 * HPO target: tune MAML's inner learning rate and number of inner steps on the sinusoid family.
 * A compact MAML (Finn et al. 2017; first or second order) over core's `grad`, task-batched:
 * one graph per meta-batch. The objective is the mean query MSE on fixed meta-validation tasks
 * after adapting with the trial's inner settings.
 */
import { type Params, type ParamValues, MetatuneError, axpy, defineSpace, disposeParams, float, foldIn, grad, int, losses, makeKey, mapParams, nn, optim, stopGradient, tf } from '@metatune/core';
import { sinusoid } from '../regression/sinusoid';
import type { HpoTask, ObjectiveContext } from './types';
import { type TrainState, capped, step } from './train-loop';

/** Options of the MAML-on-sines task. */
export interface MamlSineOptions {
  /** Meta-training iterations per trial (default 200). */
  readonly metaIterations?: number;
  /** Tasks per meta-batch (default 10). */
  readonly metaBatch?: number;
  /** Support and query points per task, K (default 10). */
  readonly shots?: number;
  /** 2: differentiate through the inner steps (MAML); 1: first-order MAML (default 1). */
  readonly order?: 1 | 2;
  /** Adam learning rate of the outer loop when a configuration does not set `outerLr` (default 0.001, as in the MAML paper). */
  readonly outerLr?: number;
  /** Hidden layer sizes (default [40, 40]). */
  readonly hidden?: readonly number[];
  /** Meta-validation tasks the objective averages over (default 100). */
  readonly validationTasks?: number;
  /** Seed of initialisation and task draws (default 0). */
  readonly seed?: number;
}

/** The search space: inner learning rate and outer (meta) learning rate on log scales, and inner steps. */
export const MAML_SINE_SPACE = defineSpace({
  innerLr: float(1e-3, 0.5, { log: true }),
  innerSteps: int(1, 5),
  outerLr: float(1e-4, 3e-2, { log: true }),
});

/**
 * Adapts task-batched params with `steps` SGD steps on each task's support set. With
 * `firstOrder`, the inner gradients are constants to an outer `grad` (FOMAML).
 */
export function adaptBatched(model: nn.Module, params: Params, x: tf.Tensor, y: tf.Tensor, lr: number, steps: number, firstOrder: boolean): Params {
  let fast = params;
  // The sum over tasks of per-task losses: its gradient w.r.t. [T, ...] params is each task's own gradient.
  const supportLoss = (p: Params) => tf.sum(losses.mseBatched(model.apply(p, x), y)) as tf.Scalar;
  for (let s = 0; s < steps; s++) {
    let g = grad(supportLoss)(fast);
    if (firstOrder) g = mapParams(g, (t) => stopGradient(t));
    fast = axpy(-lr, g, fast);
  }
  return fast;
}

/**
 * The task. Every trial meta-trains from the same initialisation on the same task sequence, so
 * the objective is deterministic; diverged runs score 100 (about 12x the MSE of predicting 0).
 *
 * @example
 * const task = mamlSine({ metaIterations: 200 });
 * task.objective({ innerLr: 0.01, innerSteps: 1 });
 */
export function mamlSine(options: MamlSineOptions = {}): HpoTask {
  const iterations = options.metaIterations ?? 200;
  const T = options.metaBatch ?? 10;
  const shots = options.shots ?? 10;
  const order = options.order ?? 1;
  const outerLr = options.outerLr ?? 0.001;
  const hidden = options.hidden ?? [40, 40];
  const validationCount = options.validationTasks ?? 100;
  const key = makeKey(options.seed ?? 0);
  if (!Number.isInteger(iterations) || iterations < 0) throw new MetatuneError('INVALID_ARGUMENT', `metaIterations must be a non-negative integer, got ${iterations}`);
  if (order !== 1 && order !== 2) throw new MetatuneError('INVALID_ARGUMENT', `order must be 1 or 2, got ${order}`);
  const train = sinusoid({ shots, split: 'train' });
  const validation = sinusoid({ shots, split: 'validation' });
  const model = nn.mlp([1, ...hidden, 1]);
  const cap = 100;

  return {
    name: 'maml-sine',
    space: MAML_SINE_SPACE,
    direction: 'minimize',
    objective(values: ParamValues, context?: ObjectiveContext): number {
      const lr = Number(values.innerLr);
      const steps = Math.round(Number(values.innerSteps));
      if (!(Number.isFinite(lr) && Number.isInteger(steps) && steps >= 0)) {
        throw new MetatuneError('INVALID_PARAMS', `maml-sine needs numeric innerLr and innerSteps, got ${JSON.stringify(values)}`);
      }
      // A configuration without outerLr (from an older study) uses the task's default.
      const outer = optim.adam({ lr: values.outerLr === undefined ? outerLr : Number(values.outerLr) });
      const params = model.init(foldIn(key, 1));
      const current: TrainState = { params, state: outer.init(params) };
      try {
        for (let it = 0; it < iterations; it++) {
          const batch = train.sampleBatch(foldIn(key, 1000 + it), T);
          const metaLoss = (p: Params): tf.Scalar => {
            const fast = adaptBatched(model, nn.batchParams(p, T), batch.support.x, batch.support.y, lr, steps, order === 1);
            return tf.mean(losses.mseBatched(model.apply(fast, batch.query.x), batch.query.y)) as tf.Scalar;
          };
          const value = step(current, outer, metaLoss);
          tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
          if (!Number.isFinite(value)) return cap;
          if ((it + 1) % 50 === 0) context?.report?.(it + 1, capped(value, cap));
        }
        const evalBatch = validation.sampleBatch(foldIn(key, 2), validationCount);
        const mse = tf.tidy(() => {
          const fast = adaptBatched(model, nn.batchParams(current.params, validationCount), evalBatch.support.x, evalBatch.support.y, lr, steps, true);
          return tf.mean(losses.mseBatched(model.apply(fast, evalBatch.query.x), evalBatch.query.y));
        });
        const result = mse.dataSync()[0];
        tf.dispose([mse, evalBatch.support.x, evalBatch.support.y, evalBatch.query.x, evalBatch.query.y]);
        return capped(result, cap);
      } finally {
        disposeParams(current.params);
        disposeParams(current.state);
      }
    },
  };
}
