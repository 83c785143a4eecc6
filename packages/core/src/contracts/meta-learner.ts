import type { Params } from '../params/types';
import type { Key } from '../random/key';
import type { DataSet } from './data';
import type { TaskBatch, TaskDistribution } from './task';

/** Scalar metrics of one step, e.g. `{ loss: 0.41, accuracy: 0.87 }`. */
export type Metrics = Readonly<Record<string, number>>;

/** A mean with its 95% confidence interval over held-out tasks. */
export interface Estimate {
  readonly mean: number;
  /** Half width of the normal 95% interval: 1.96 * sd / sqrt(n). */
  readonly ci95: number;
  readonly n: number;
}

/** Post-adaptation results after each requested number of inner steps. */
export interface EvaluationResult {
  /** Keyed by the number of adaptation steps, e.g. `{ 0: ..., 1: ..., 10: ... }`. */
  readonly loss: Readonly<Record<number, Estimate>>;
  /** Present for classification tasks. */
  readonly accuracy?: Readonly<Record<number, Estimate>>;
}

/** A JSON-compatible value (what checkpoints and trial attributes hold besides tensors). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The learner state that a checkpoint holds: tensors plus JSON metadata. */
export interface MetaLearnerCheckpoint {
  /** Parameters and optimizer state, as Params trees. */
  readonly tensors: Params;
  /** Step counter, RNG key, model fingerprint and learner-specific settings. */
  readonly meta: { readonly [key: string]: JsonValue };
}

/**
 * The `MetaLearner` contract: MAML, Reptile and their variants implement it, so the training
 * loop, the cli and meta-HPO treat them alike.
 */
export interface MetaLearner<State = unknown> {
  readonly name: string;
  /** Fresh state: initial parameters and outer optimizer state. */
  init(key: Key): State;
  /** One outer update on a batch of tasks. Consumes `state` (do not reuse it) and returns the next. */
  metaStep(state: State, batch: TaskBatch): { state: State; metrics: Metrics };
  /** Fine-tunes `params` on a support set; returns new parameters owned by the caller. */
  adapt(params: Params, support: DataSet, options: { steps: number; lr?: number }): Params;
  /** Mean post-adaptation loss (and accuracy) over held-out tasks, after each step count. */
  evaluate(state: State, distribution: TaskDistribution, options: { tasks: number; steps: readonly number[]; key: Key }): EvaluationResult;
  /** The parameters that adaptation starts from. */
  params(state: State): Params;
  /** Everything needed to resume bit-identically. */
  checkpoint(state: State): MetaLearnerCheckpoint;
  /** Inverse of `checkpoint`; throws `CHECKPOINT_MISMATCH` when it came from a different model. */
  restore(checkpoint: MetaLearnerCheckpoint): State;
  /** Releases the tensors `state` holds. */
  disposeState(state: State): void;
}
