import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { Params } from '../params/types';
import type { Key } from '../random/key';
import type { DataSet } from './data';

/** Which part of a family a task comes from; the parts never share classes or functions. */
export type Split = 'train' | 'validation' | 'test';

/** What a task's targets are, so a meta-learner picks the loss and the metric. */
export type TaskKind = 'regression' | 'classification';

/**
 * A few-shot task: a support set to adapt on and a query set to evaluate on.
 * Shapes: `x` is `[N, ...features]`, `y` is `[N, outputs]` (regression) or `[N]` int32 labels
 * (classification, labels 0..ways-1).
 */
export interface FewShotTask {
  readonly support: DataSet;
  readonly query: DataSet;
  /** Ground truth that generated the task, for plots and reports (amplitude, phase, classes). */
  readonly info?: Readonly<Record<string, unknown>>;
}

/**
 * A batch of few-shot tasks with a leading task axis: `x` is `[T, N, ...features]`, `y` is
 * `[T, N, outputs]` or `[T, N]`. Task-batched meta-learners run the whole batch as one graph.
 */
export interface TaskBatch {
  readonly support: DataSet;
  readonly query: DataSet;
  /** Number of tasks T. */
  readonly size: number;
  readonly info?: readonly Readonly<Record<string, unknown>>[];
}

/**
 * A family of related tasks (the `TaskDistribution` contract). Sampling is a pure function of
 * the key: the same key gives the same tensors on every run.
 */
export interface TaskDistribution {
  /** Registry-style name, e.g. `sinusoid` or `omniglot`. */
  readonly name: string;
  readonly kind: TaskKind;
  /** The split tasks are drawn from. */
  readonly split: Split;
  /** Shape of one input example (without the batch axis), e.g. `[1]` or `[28, 28, 1]`. */
  readonly inputShape: readonly number[];
  /** Output units a model needs: 1 for scalar regression, `ways` for classification. */
  readonly outputSize: number;
  /** One task. The caller owns the returned tensors and disposes them. */
  sample(key: Key): FewShotTask;
  /** `size` tasks stacked on a leading task axis. The caller owns the returned tensors. */
  sampleBatch(key: Key, size: number): TaskBatch;
  /** The same family restricted to another split. */
  withSplit(split: Split): TaskDistribution;
}

/**
 * An optimizee: a loss over parameters, as used to train and test learned optimizers and to
 * benchmark `optim` (quadratics, small MLP training problems).
 */
export interface OptimizeeTask {
  /** Initial parameters; the caller owns them. */
  init(key: Key): Params;
  /** The loss to minimise; differentiable in `params`. `key` selects a minibatch where the task has data. */
  loss(params: Params, key?: Key): Scalar;
  /** Releases tensors the task holds. */
  dispose(): void;
}

/** A family of optimizee tasks, deterministic given a key. */
export interface OptimizeeDistribution {
  readonly name: string;
  readonly split: Split;
  sample(key: Key): OptimizeeTask;
}

/** Re-exported for plugin authors who only import contracts. */
export type { Tensor };
