import type { TrialHistory } from './sampler';
import type { Direction, TrialRecord } from './trial';

/** Decides whether a running trial should stop early, from its intermediate values and the study's history. */
export interface Pruner {
  readonly name: string;
  shouldPrune(trial: TrialRecord, history: TrialHistory, direction: Direction): boolean;
}
