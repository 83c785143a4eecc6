/**
 * Options of the Reptile learner, their defaults (the Reptile paper's sine demo) and their
 * validation. Bad values throw `MetatuneError`s that name the option and say what to pass.
 */
import { MetatuneError, nn, optim } from '@metatune/core';

/** How a task batch is executed: one graph for all tasks, or a loop over tasks. */
export type ReptileExecution = 'auto' | 'batched' | 'per-task';

/**
 * Inner-loop optimizer: `'sgd'`, `'adam'` (Adam with beta1 = 0, as the Reptile paper uses it), or
 * a factory of any core optimizer for a learning rate. Its state starts fresh for every task.
 */
export type ReptileInnerOptimizer = 'sgd' | 'adam' | ((lr: number) => optim.Optimizer);

/** Options of {@link reptile}. */
export interface ReptileOptions {
  /** The model (e.g. `nn.mlp([1, 64, 64, 1], { activation: 'tanh' })`). */
  readonly model: nn.Module;
  /** Inner optimizer steps per task and outer step (default 5; at least 1). */
  readonly innerSteps?: number;
  /** Inner learning rate (default 0.02, the paper's sine demo). */
  readonly innerLr?: number;
  /** Inner optimizer (default `'sgd'`). */
  readonly innerOptimizer?: ReptileInnerOptimizer;
  /**
   * Examples per inner step, drawn from successive random permutations of each task's support set
   * (the sine demo: 10 of 50 points, so 5 steps are one pass). Default: the whole support set.
   */
  readonly innerBatch?: number;
  /** Outer step size epsilon in `theta += epsilon * (mean(phi) - theta)` (default 0.1). */
  readonly outerStepSize?: number;
  /**
   * Anneal epsilon linearly to 0 over this many outer steps: step s uses
   * `epsilon * max(0, 1 - s / annealSteps)`. Default: no annealing (constant epsilon).
   */
  readonly annealSteps?: number;
  /** Task-batched or per-task execution (default `'auto'`: batched when every leaf is a matrix or vector, as in an MLP). */
  readonly execution?: ReptileExecution;
  /**
   * Run plain MLPs with a squared-error loss on a hand-written forward/backward inner loop
   * (about a third of the kernels; same numbers up to float rounding). Default true; the model
   * is checked against the fast forward pass once, and anything else runs the generic path.
   */
  readonly fastPath?: boolean;
  /** Learning rate of adaptation in `evaluate` and `adapt` (default `innerLr`). */
  readonly evaluationLr?: number;
  /** Tasks per evaluation chunk (default 100). */
  readonly evaluationBatch?: number;
  /** Name reported by the learner and written into checkpoints (default `'reptile'`). */
  readonly name?: string;
}

/** Validated options with defaults filled in. */
export interface ResolvedReptileOptions {
  readonly model: nn.Module;
  readonly innerSteps: number;
  readonly innerLr: number;
  readonly makeInner: (lr: number) => optim.Optimizer;
  readonly innerOptimizer: 'sgd' | 'adam' | 'custom';
  readonly innerBatch: number | undefined;
  readonly outerStepSize: number;
  readonly annealSteps: number | undefined;
  readonly execution: ReptileExecution;
  readonly fastPath: boolean;
  readonly evaluationLr: number;
  readonly evaluationBatch: number;
  readonly name: string;
}

function invalid(message: string, hint: string): MetatuneError {
  return new MetatuneError('INVALID_OPTIONS', message, { hint });
}

function positiveInteger(value: unknown, what: string, example: number): number {
  if (!Number.isInteger(value) || (value as number) < 1) throw invalid(`${what} must be an integer >= 1, got ${String(value)}`, `pass e.g. ${what}: ${example}`);
  return value as number;
}

/** Checks a rate or step size: a finite number > 0 (`NON_FINITE` for NaN or infinity). */
export function checkRate(value: unknown, what: string, example = 0.01): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MetatuneError('NON_FINITE', `${what} must be a finite number, got ${String(value)}`, { hint: `pass e.g. ${what}: ${example}` });
  }
  if (value <= 0) throw invalid(`${what} must be positive, got ${value}`, `pass e.g. ${what}: ${example}`);
  return value;
}

/** Fills defaults into `options` and validates them. */
export function resolveReptileOptions(options: ReptileOptions): ResolvedReptileOptions {
  if (!options || typeof options.model?.init !== 'function' || typeof options.model?.apply !== 'function') {
    throw invalid('reptile needs a model (an nn.Module with init and apply)', "pass e.g. { model: nn.mlp([1, 64, 64, 1], { activation: 'tanh' }) }");
  }
  const innerLr = checkRate(options.innerLr ?? 0.02, 'innerLr', 0.02);
  const inner = options.innerOptimizer ?? 'sgd';
  let makeInner: (lr: number) => optim.Optimizer;
  if (inner === 'sgd') makeInner = (lr) => optim.sgd({ lr });
  // Nichol et al. (2018) run Adam with beta1 = 0 in the inner loop: no momentum across minibatches.
  else if (inner === 'adam') makeInner = (lr) => optim.adam({ lr, beta1: 0 });
  else if (typeof inner === 'function') makeInner = inner;
  else throw invalid(`innerOptimizer must be 'sgd', 'adam' or a factory (lr) => optim.Optimizer, got ${String(inner)}`, "pass innerOptimizer: 'sgd'");
  const innerBatch = options.innerBatch === undefined ? undefined : positiveInteger(options.innerBatch, 'innerBatch', 10);
  const annealSteps = options.annealSteps === undefined ? undefined : positiveInteger(options.annealSteps, 'annealSteps', 30000);
  const execution = options.execution ?? 'auto';
  if (!['auto', 'batched', 'per-task'].includes(execution)) throw invalid(`execution must be 'auto', 'batched' or 'per-task', got ${String(execution)}`, "pass execution: 'auto'");
  return {
    model: options.model,
    innerSteps: positiveInteger(options.innerSteps ?? 5, 'innerSteps', 5),
    innerLr,
    makeInner,
    innerOptimizer: typeof inner === 'function' ? 'custom' : inner,
    innerBatch,
    outerStepSize: checkRate(options.outerStepSize ?? 0.1, 'outerStepSize', 0.1),
    annealSteps,
    execution,
    fastPath: options.fastPath ?? true,
    evaluationLr: checkRate(options.evaluationLr ?? innerLr, 'evaluationLr', 0.02),
    evaluationBatch: positiveInteger(options.evaluationBatch ?? 100, 'evaluationBatch', 100),
    name: options.name ?? 'reptile',
  };
}

/**
 * The outer step size at outer step `step` (0-based, before the update): epsilon, linearly
 * annealed to 0 over `annealSteps`. A function of the step alone, so a resumed run continues the
 * schedule exactly.
 */
export function stepSizeAt(options: Pick<ResolvedReptileOptions, 'outerStepSize' | 'annealSteps'>, step: number): number {
  if (options.annealSteps === undefined) return options.outerStepSize;
  return options.outerStepSize * Math.max(0, 1 - step / options.annealSteps);
}
