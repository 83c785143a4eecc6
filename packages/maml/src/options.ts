import { MetatuneError, nn, optim, type Params } from '@metatune/core';

/** How the meta-batch is executed: one graph for all tasks, or a loop over tasks. */
export type Execution = 'auto' | 'batched' | 'per-task';

/** Inner-loop optimizer: a name, or a factory of a differentiable core optimizer for a learning rate. */
export type InnerOptimizer = 'sgd' | 'adam' | ((lr: optim.LearningRate) => optim.Optimizer);

/** Options shared by MAML, first-order MAML, ANIL and Meta-SGD. */
export interface MamlOptions {
  /** The model (e.g. `nn.mlp([1, 40, 40, 1])`). */
  readonly model: nn.Module;
  /** Inner (adaptation) steps during meta-training (default 1). */
  readonly innerSteps?: number;
  /** Inner learning rate alpha (default 0.01); Meta-SGD's initial per-parameter rate. */
  readonly innerLr?: number;
  /** Inner optimizer (default `'sgd'`). */
  readonly innerOptimizer?: InnerOptimizer;
  /** First-order approximation: no gradient through the inner gradients (default false). */
  readonly firstOrder?: boolean;
  /** Meta-learn one inner learning rate per parameter (Meta-SGD; default false). */
  readonly learnInnerLr?: boolean;
  /**
   * Top-level keys of the params tree the inner loop adapts (ANIL: the head, e.g. `['layer2']`).
   * Default: every key (MAML).
   */
  readonly adapt?: readonly string[];
  /** Outer optimizer (default `optim.flat(optim.adam({ lr: outerLr }))`: Adam on one vector, a fraction of the kernels). */
  readonly outerOptimizer?: optim.Optimizer;
  /** Outer learning rate of the default Adam (default 1e-3). */
  readonly outerLr?: number;
  /** Task-batched or per-task execution (default `'auto'`: batched when every leaf is a matrix or vector, per-task otherwise). */
  readonly execution?: Execution;
  /** Tasks per evaluation chunk (default 100). */
  readonly evaluationBatch?: number;
  /** Name reported by the learner (default from the variant). */
  readonly name?: string;
}

/** Validated options with defaults filled in. */
export interface ResolvedOptions {
  readonly model: nn.Module;
  readonly innerSteps: number;
  readonly innerLr: number;
  readonly makeInner: (lr: optim.LearningRate) => optim.Optimizer;
  readonly innerIsSgd: boolean;
  readonly firstOrder: boolean;
  readonly learnInnerLr: boolean;
  readonly adapt: readonly string[] | undefined;
  readonly outer: optim.Optimizer;
  readonly execution: Execution;
  readonly evaluationBatch: number;
  readonly name: string;
}

function invalid(message: string, hint: string): MetatuneError {
  return new MetatuneError('INVALID_OPTIONS', message, { hint });
}

function nonNegativeInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) throw invalid(`${what} must be a non-negative integer, got ${String(value)}`, `pass e.g. ${what}: 1`);
  return value;
}

/** Checks a learning rate: a finite number > 0 (`NON_FINITE` for NaN or infinity). */
export function checkRate(value: unknown, what: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || !Number.isFinite(value)) {
    throw new MetatuneError('NON_FINITE', `${what} must be a finite number, got ${String(value)}`, { hint: `pass e.g. ${what}: 0.01` });
  }
  if (value <= 0) throw invalid(`${what} must be positive, got ${value}`, `pass e.g. ${what}: 0.01`);
  return value;
}

/** Fills defaults into `options` and validates them; `variant` names the learner in messages. */
export function resolveOptions(options: MamlOptions, variant: string): ResolvedOptions {
  if (!options || typeof options.model?.init !== 'function' || typeof options.model?.apply !== 'function') {
    throw invalid(`${variant} needs a model (an nn.Module with init and apply)`, 'pass e.g. { model: nn.mlp([1, 40, 40, 1]) }');
  }
  const innerLr = checkRate(options.innerLr ?? 0.01, 'innerLr');
  const outerLr = checkRate(options.outerLr ?? 1e-3, 'outerLr');
  const inner = options.innerOptimizer ?? 'sgd';
  let makeInner: (lr: optim.LearningRate) => optim.Optimizer;
  if (inner === 'sgd') makeInner = (lr) => optim.sgd({ lr });
  // epsRoot keeps sqrt differentiable at a zero second moment when the inner loop is differentiated.
  else if (inner === 'adam') makeInner = (lr) => optim.adam({ lr, epsRoot: 1e-16 });
  else if (typeof inner === 'function') makeInner = inner;
  else throw invalid(`innerOptimizer must be 'sgd', 'adam' or a factory, got ${String(inner)}`, "pass innerOptimizer: 'sgd'");
  const firstOrder = options.firstOrder ?? false;
  const learnInnerLr = options.learnInnerLr ?? false;
  if (learnInnerLr && firstOrder && inner !== 'sgd') {
    throw invalid('first-order Meta-SGD needs the SGD inner optimizer', "use innerOptimizer: 'sgd' or firstOrder: false");
  }
  const execution = options.execution ?? 'auto';
  if (!['auto', 'batched', 'per-task'].includes(execution)) throw invalid(`execution must be 'auto', 'batched' or 'per-task', got ${String(execution)}`, "pass execution: 'auto'");
  const evaluationBatch = options.evaluationBatch ?? 100;
  if (!Number.isInteger(evaluationBatch) || evaluationBatch < 1) throw invalid(`evaluationBatch must be a positive integer, got ${String(evaluationBatch)}`, 'pass e.g. 100');
  if (options.adapt !== undefined && (!Array.isArray(options.adapt) || options.adapt.length === 0)) {
    throw invalid('adapt must be a non-empty list of top-level param keys', "pass e.g. adapt: ['layer2']");
  }
  return {
    model: options.model,
    innerSteps: nonNegativeInt(options.innerSteps ?? 1, 'innerSteps'),
    innerLr,
    makeInner,
    innerIsSgd: inner === 'sgd',
    firstOrder,
    learnInnerLr,
    adapt: options.adapt,
    outer: options.outerOptimizer ?? optim.flat(optim.adam({ lr: outerLr })),
    execution,
    evaluationBatch,
    name: options.name ?? variant,
  };
}

/** Splits a params tree into the adapted part and the shared part by top-level key. */
export function splitParams(params: Params, adapt: readonly string[] | undefined): { fast: Params; slow: Params } {
  if (!adapt) return { fast: params, slow: {} };
  const fast: Params = {};
  const slow: Params = {};
  for (const key of adapt) {
    if (!(key in params)) {
      throw new MetatuneError('INVALID_OPTIONS', `adapt names '${key}', which the model's params lack`, {
        hint: `use top-level keys of the params: ${Object.keys(params).join(', ')}`,
      });
    }
  }
  for (const [key, value] of Object.entries(params)) (adapt.includes(key) ? fast : slow)[key] = value;
  return { fast, slow };
}

/** Joins adapted and shared parts again, in the model's key order. */
export function joinParams(order: readonly string[], fast: Params, slow: Params): Params {
  const out: Params = {};
  for (const key of order) out[key] = key in fast ? fast[key] : slow[key];
  return out;
}
