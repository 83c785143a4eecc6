import type { ParamValues, SearchSpace } from '../space/types';
import type { JsonValue } from './meta-learner';

/** Lifecycle of a trial. WAITING trials were enqueued and wait for a worker to claim them. */
export type TrialState = 'WAITING' | 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL';

/** Whether an objective is minimised or maximised. */
export type Direction = 'minimize' | 'maximize';

/** One evaluated (or running) configuration, as storages keep it and samplers see it. */
export interface TrialRecord {
  /** Storage-wide unique id. */
  readonly id: number;
  /** 0-based number within its study, dense and unique. */
  readonly number: number;
  readonly state: TrialState;
  readonly params: ParamValues;
  /** Objective values (one per direction) for COMPLETE trials. */
  readonly values?: readonly number[];
  /** Intermediate values reported with `trial.report(step, value)`, by step. */
  readonly intermediate: Readonly<Record<number, number>>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  /** Attributes a sampler or the engine keeps on the trial (generation numbers, retry counts). */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /** Why the trial failed, for FAIL trials. */
  readonly error?: string;
  /** Epoch milliseconds. */
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** Id of the worker that claimed the trial (RUNNING and finished trials). */
  readonly worker?: string;
  /** Epoch milliseconds of the last heartbeat of a RUNNING trial. */
  readonly heartbeatAt?: number;
}

/** A study as samplers and warm starts see it: its space, directions and finished trials. */
export interface StudyRecord {
  readonly id: number;
  readonly name: string;
  readonly space: SearchSpace;
  readonly directions: readonly Direction[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
}

/** A finished earlier study with its trials, the input of `Sampler.warmStart`. */
export interface PreviousStudy {
  readonly study: StudyRecord;
  readonly trials: readonly TrialRecord[];
}
