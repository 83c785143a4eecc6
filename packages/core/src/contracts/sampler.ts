import type { Key } from '../random/key';
import type { ParamValues, SearchSpace } from '../space/types';
import type { JsonValue } from './meta-learner';
import type { Direction, PreviousStudy, TrialRecord } from './trial';

/**
 * A bounded, indexed view of a study's trials, so that a sampler's cost per suggestion does not
 * grow with the size of the study unless the sampler asks for it.
 */
export interface TrialHistory {
  /** Number of finished (COMPLETE, PRUNED, FAIL) trials in the study. */
  readonly finishedCount: number;
  /** COMPLETE trials, oldest first, at most `limit` of the most recent when given. */
  completed(limit?: number): readonly TrialRecord[];
  /** The best COMPLETE trial for single-objective studies. */
  best(): TrialRecord | undefined;
  /** Trials of any state with number >= `fromNumber`, in number order. */
  since(fromNumber: number): readonly TrialRecord[];
}

/** Everything a sampler needs to propose configurations. */
export interface SampleRequest {
  readonly space: SearchSpace;
  readonly directions: readonly Direction[];
  readonly history: TrialHistory;
  /** Configurations being evaluated right now, so batch samplers do not repeat them. */
  readonly pending: readonly ParamValues[];
  /** Number the (first) new trial will get. */
  readonly trialNumber: number;
  /** Randomness for this request; derived from the study seed and the trial number. */
  readonly key: Key;
}

/**
 * The ask/tell `Sampler` contract. Samplers must be able to rebuild whatever they need from
 * `request.history`, because workers are stateless processes; `tell` is a fast path for
 * in-process use, not a requirement for correctness.
 */
export interface Sampler {
  readonly name: string;
  /** Proposes one configuration inside `request.space`. */
  ask(request: SampleRequest): ParamValues;
  /** Proposes `count` configurations at once (one generation, or a batch for parallel workers). */
  askBatch?(request: SampleRequest, count: number): ParamValues[];
  /** Observes a finished trial. */
  tell?(trial: TrialRecord): void;
  /** Transfers knowledge from earlier, related studies before the first `ask`. */
  warmStart?(previous: readonly PreviousStudy[]): void;
  /** Whether the sampler handles several objectives. */
  readonly multiObjective?: boolean;
  /** Serialisable state for samplers with one (e.g. a trained controller). */
  state?(): JsonValue;
  /**
   * Whether `ask` reads `request.history` (default true). A sampler that never does (random,
   * grid) sets this to false and the study skips syncing the history, which keeps the
   * bookkeeping per trial to the storage writes alone.
   */
  readonly needsHistory?: boolean;
}
