import type { ParamValues, SearchSpace } from '../space/types';
import type { JsonValue } from './meta-learner';
import type { Direction, StudyRecord, TrialRecord, TrialState } from './trial';

/** What a study is created with. */
export interface StudySpec {
  readonly name: string;
  readonly space: SearchSpace;
  readonly directions: readonly Direction[];
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
}

/** A new trial: RUNNING (asked) or WAITING (enqueued). */
export interface NewTrial {
  readonly state: 'RUNNING' | 'WAITING';
  /**
   * The configuration, or a function of the trial number the storage assigns: it is called inside
   * the storage's transaction, so a sampler that maps numbers to configurations (a grid, a seeded
   * sampler) sees exactly the number its trial gets. It must be synchronous and may throw to
   * abort the creation (nothing is written then).
   */
  readonly params: ParamValues | ((trialNumber: number) => ParamValues);
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  /** Id of the worker that runs it (RUNNING only). */
  readonly worker?: string;
}

/** The end of a trial. */
export interface TrialOutcome {
  readonly state: Extract<TrialState, 'COMPLETE' | 'PRUNED' | 'FAIL'>;
  readonly values?: readonly number[];
  readonly error?: string;
}

/** What happens to trials whose heartbeat stopped. */
export interface StaleTrialOptions {
  /**
   * Re-enqueue each failed trial as a WAITING trial with the same params, in the same transaction,
   * while its retry count (system attribute `retries`) is below this. 0 (the default) never retries.
   */
  readonly maxRetries?: number;
}

/** Which trials to read. */
export interface TrialQuery {
  readonly states?: readonly TrialState[];
  /** Only trials with number >= this. */
  readonly fromNumber?: number;
  /** At most this many, newest first when combined with `newest: true`. */
  readonly limit?: number;
  readonly newest?: boolean;
}

/**
 * The `Storage` contract: studies and trials, append-only with heartbeats. Every method is one
 * atomic state change, so a killed process loses nothing that a method call returned for.
 */
export interface Storage {
  /** Creates the study, or returns the existing one after checking its space and directions match. */
  createStudy(spec: StudySpec): Promise<StudyRecord>;
  getStudy(name: string): Promise<StudyRecord | undefined>;
  listStudies(): Promise<StudyRecord[]>;
  deleteStudy(name: string): Promise<void>;
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void>;

  /** Adds a trial and assigns the next trial number atomically. */
  createTrial(studyId: number, trial: NewTrial): Promise<TrialRecord>;
  /** Claims the oldest WAITING trial for `worker` (RUNNING from now on), or returns undefined. */
  claimWaitingTrial(studyId: number, worker: string): Promise<TrialRecord | undefined>;
  /** Records an intermediate value. */
  reportIntermediate(trialId: number, step: number, value: number): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  /** Refreshes the heartbeat of a RUNNING trial. */
  heartbeat(trialId: number): Promise<void>;
  /** Finishes a RUNNING trial; throws `TRIAL_STATE` if it already finished. */
  finishTrial(trialId: number, outcome: TrialOutcome): Promise<TrialRecord>;
  /**
   * Marks RUNNING trials whose heartbeat is older than `graceMs` as FAIL and returns them; each is
   * returned to exactly one caller, so concurrent workers never retry a trial twice. With
   * `options.maxRetries` the retries are enqueued atomically with the failure (system attributes
   * `retries` = previous + 1 and `retryOf` = the failed trial's number).
   */
  failStaleTrials(studyId: number, graceMs: number, options?: StaleTrialOptions): Promise<TrialRecord[]>;

  getTrial(trialId: number): Promise<TrialRecord | undefined>;
  getTrials(studyId: number, query?: TrialQuery): Promise<TrialRecord[]>;
  countTrials(studyId: number, states?: readonly TrialState[]): Promise<number>;

  close(): Promise<void>;
}
