import {
  MetatuneError,
  foldIn,
  makeKey,
  validateValues,
  type Direction,
  type JsonValue,
  type Key,
  type ParamValues,
  type Pruner,
  type Sampler,
  type SearchSpace,
  type Storage,
  type StudyRecord,
  type TrialOutcome,
  type TrialQuery,
  type TrialRecord,
  type TrialState,
} from '@metatune/core';
import { HeartbeatKeeper } from './heartbeat';
import { HistoryView } from './history';
import { nonDominatedSort } from './pareto';
import { RandomSampler } from './samplers/random';
import { SearchExhausted } from './samplers/grid';
import { openStorage, redactUrl } from './storage/url';
import { Trial, TrialPruned, type TrialOwner } from './trial';
import { trialsTable, type TrialRow } from './table';

/** Objective of `optimize`: one value per direction (a number for single-objective studies). */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;

/** How a study runs trials (shared by `createStudy`, `loadStudy` and `runWorker`). */
export interface StudyRuntimeOptions {
  /** Sampler for new trials (default: random). */
  readonly sampler?: Sampler;
  /** Pruner for `trial.shouldPrune()` (default: never prune). */
  readonly pruner?: Pruner;
  /** Seed of the per-trial keys (default 0): trial n samples with `foldIn(makeKey(seed), n)`. */
  readonly seed?: number;
  /** Milliseconds between heartbeats of running trials (default 5,000). */
  readonly heartbeatIntervalMs?: number;
  /** A RUNNING trial without a heartbeat for this long is failed by any live worker (default 60,000). */
  readonly graceMs?: number;
  /** How often a failed-by-heartbeat trial is re-enqueued with the same params (default 0). */
  readonly maxRetries?: number;
  /** Id of this worker, stored on its trials (default: host-pid-random). */
  readonly worker?: string;
  /** Where warnings go (storage hiccups, trials failed by other workers); default console.warn. */
  readonly log?: (message: string) => void;
}

/** Options of {@link createStudy}. */
export interface CreateStudyOptions extends StudyRuntimeOptions {
  readonly name: string;
  readonly space: SearchSpace;
  /** Single-objective direction (default minimize). */
  readonly direction?: Direction;
  /** Directions of a multi-objective study (overrides `direction`). */
  readonly directions?: readonly Direction[];
  /** A Storage or a storage URL (default `memory:` when omitted here; the CLI defaults to sqlite). */
  readonly storage?: Storage | string;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
}

/** Options of {@link Study.optimize}. */
export interface OptimizeOptions {
  /** Number of trials this call runs (default: until timeout, abort, or the sampler runs out). */
  readonly trials?: number;
  /** Stop starting trials after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Trials evaluated at once in this process (default 1). */
  readonly concurrency?: number;
  /** Stop starting trials when aborted (running ones finish). */
  readonly signal?: AbortSignal;
}

/** What `optimize` did. */
export interface OptimizeSummary {
  readonly completed: number;
  readonly pruned: number;
  readonly failed: number;
  /** Why it stopped. */
  readonly stoppedBy: 'trials' | 'timeout' | 'signal' | 'exhausted';
}

/** A value, values, an error or an explicit outcome: what `tell` accepts. */
export type TellResult = number | readonly number[] | Error | { readonly state: 'PRUNED' | 'FAIL'; readonly error?: string; readonly values?: readonly number[] };

function defaultWorkerId(): string {
  const host = typeof process !== 'undefined' ? (process.env.HOSTNAME ?? 'host') : 'host';
  const pid = typeof process !== 'undefined' ? process.pid : 0;
  return `${host}-${pid}-${Math.random().toString(36).slice(2, 8)}`;
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/**
 * A study: trials of one search space and direction(s) kept in a storage, run by any number of
 * workers (processes, machines) at once. Ask/tell or `optimize`.
 */
export class Study implements TrialOwner {
  private readonly history: HistoryView;
  private readonly heartbeats: HeartbeatKeeper;
  private readonly studyKey: Key;
  private lastReap = 0;
  /** The sampler, pruner and settings this process uses. */
  readonly sampler: Sampler;
  readonly pruner: Pruner | undefined;
  readonly worker: string;
  private readonly graceMs: number;
  private readonly maxRetries: number;
  private readonly log: (message: string) => void;

  constructor(
    /** The storage the study lives in. */
    readonly storage: Storage,
    /** The stored study. */
    readonly record: StudyRecord,
    options: StudyRuntimeOptions = {},
    private readonly ownsStorage = false,
  ) {
    this.sampler = options.sampler ?? new RandomSampler();
    this.pruner = options.pruner;
    this.worker = options.worker ?? defaultWorkerId();
    this.graceMs = options.graceMs ?? 60_000;
    this.maxRetries = options.maxRetries ?? 0;
    this.log = options.log ?? ((m) => console.warn(`[metatune] ${m}`));
    const interval = options.heartbeatIntervalMs ?? Math.min(5_000, Math.max(50, Math.floor(this.graceMs / 4)));
    if (!(interval > 0 && interval < this.graceMs)) {
      throw new MetatuneError('INVALID_ARGUMENT', `heartbeatIntervalMs (${interval}) must be positive and below graceMs (${this.graceMs})`, { hint: 'use a grace period of several heartbeats' });
    }
    if (record.directions.length > 1 && this.sampler.multiObjective === false) {
      throw new MetatuneError('INVALID_ARGUMENT', `sampler "${this.sampler.name}" does not support ${record.directions.length} objectives`, { hint: 'use a multi-objective sampler such as random or grid' });
    }
    this.studyKey = makeKey(options.seed ?? 0);
    this.history = new HistoryView(storage, record.id, record.directions[0]);
    this.heartbeats = new HeartbeatKeeper(storage, interval, (e) => this.log(`heartbeat failed: ${errorMessage(e)}`));
  }

  /** The study's name. */
  get name(): string {
    return this.record.name;
  }

  /** The search space. */
  get space(): SearchSpace {
    return this.record.space;
  }

  /** The objectives' directions. */
  get directions(): readonly Direction[] {
    return this.record.directions;
  }

  /**
   * Fails RUNNING trials of any worker whose heartbeat is older than the grace period (and
   * re-enqueues them when `maxRetries` allows). Called by `ask` at most once per half grace
   * period; call it directly to reap now.
   */
  async failStaleTrials(): Promise<TrialRecord[]> {
    this.lastReap = Date.now();
    const failed = await this.storage.failStaleTrials(this.record.id, this.graceMs, { maxRetries: this.maxRetries });
    for (const t of failed) this.log(`trial ${t.number} failed: ${t.error ?? 'stale heartbeat'}`);
    return failed;
  }

  /**
   * Starts a trial: the oldest enqueued (WAITING) one if any, otherwise a new one from the
   * sampler. Its heartbeat runs until it is told.
   */
  async ask(): Promise<Trial> {
    if (Date.now() - this.lastReap > this.graceMs / 2) await this.failStaleTrials();
    let record = await this.storage.claimWaitingTrial(this.record.id, this.worker);
    if (!record) {
      const needsHistory = this.sampler.needsHistory !== false;
      if (needsHistory) await this.history.sync();
      const pending = needsHistory ? this.history.pending() : [];
      record = await this.storage.createTrial(this.record.id, {
        state: 'RUNNING',
        worker: this.worker,
        params: (trialNumber) => {
          const params = this.sampler.ask({ space: this.space, directions: this.directions, history: this.history, pending, trialNumber, key: foldIn(this.studyKey, trialNumber) });
          return validateValues(this.space, params);
        },
      });
    }
    this.heartbeats.add(record.id);
    return new Trial(this, record);
  }

  /**
   * Finishes a trial: a finite value (one per direction) makes it COMPLETE; a non-finite value or
   * an error makes it FAIL with the message; a {@link TrialPruned} error makes it PRUNED.
   * Throws `TRIAL_STATE` when the trial is already finished.
   */
  async tell(trial: Trial | number, result: TellResult): Promise<TrialRecord> {
    const handle = typeof trial === 'number' ? await this.trialByNumber(trial) : trial;
    const outcome = this.outcomeOf(handle, result);
    try {
      const record = await this.storage.finishTrial(handle.id, outcome);
      if (handle instanceof Trial) handle.finished = true;
      this.history.observe(record);
      this.sampler.tell?.(record);
      return record;
    } finally {
      this.heartbeats.remove(handle.id);
    }
  }

  private outcomeOf(trial: { number: number; intermediate: Readonly<Record<number, number>> }, result: TellResult): TrialOutcome {
    if (result instanceof TrialPruned) return { state: 'PRUNED', values: lastIntermediate(trial.intermediate, this.directions.length) };
    if (result instanceof Error) return { state: 'FAIL', error: errorMessage(result) };
    if (typeof result === 'object' && result !== null && !Array.isArray(result) && 'state' in result) {
      return { state: result.state, error: result.error, values: result.values };
    }
    const values = typeof result === 'number' ? [result] : [...(result as readonly number[])];
    if (!values.every((v) => typeof v === 'number')) {
      return { state: 'FAIL', error: `the objective returned ${JSON.stringify(result)}, not numbers` };
    }
    if (values.length !== this.directions.length) {
      return { state: 'FAIL', error: `the objective returned ${values.length} value(s) for ${this.directions.length} direction(s)` };
    }
    const bad = values.find((v) => !Number.isFinite(v));
    if (bad !== undefined) return { state: 'FAIL', error: `the objective returned a non-finite value (${bad})` };
    return { state: 'COMPLETE', values };
  }

  private async trialByNumber(number: number): Promise<Trial> {
    const [record] = await this.storage.getTrials(this.record.id, { fromNumber: number, limit: 1 });
    if (!record || record.number !== number) throw new MetatuneError('TRIAL_STATE', `study "${this.name}" has no trial ${number}`);
    return new Trial(this, record);
  }

  /** Enqueues a configuration; the next `ask` of any worker runs it. Throws `INVALID_PARAMS` when it is outside the space. */
  async enqueue(params: ParamValues, userAttrs: Readonly<Record<string, JsonValue>> = {}): Promise<TrialRecord> {
    validateValues(this.space, params);
    return this.storage.createTrial(this.record.id, { state: 'WAITING', params: { ...params }, userAttrs });
  }

  /** Stores a study user attribute. */
  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    await this.storage.setStudyUserAttr(this.record.id, key, value);
  }

  /** The study's user attributes as stored now. */
  async userAttrs(): Promise<Readonly<Record<string, JsonValue>>> {
    return (await this.storage.getStudy(this.name))?.userAttrs ?? {};
  }

  /** @internal Trial callback. */
  async report(trial: Trial, step: number, value: number): Promise<void> {
    await this.storage.reportIntermediate(trial.id, step, value);
    trial.intermediate[step] = value;
  }

  /** @internal Trial callback. */
  async shouldPrune(trial: Trial): Promise<boolean> {
    if (!this.pruner || this.directions.length > 1) return false;
    await this.history.sync();
    const record: TrialRecord = { ...trial.record, intermediate: { ...trial.intermediate } };
    return this.pruner.shouldPrune(record, this.history, this.directions[0]);
  }

  /** @internal Trial callback. */
  async setTrialUserAttr(trial: Trial, key: string, value: JsonValue): Promise<void> {
    await this.storage.setTrialUserAttr(trial.id, key, value);
  }

  /** Trials of the study (all, or as the query says). */
  trials(query?: TrialQuery): Promise<TrialRecord[]> {
    return this.storage.getTrials(this.record.id, query);
  }

  /** Number of trials, optionally of some states. */
  countTrials(states?: readonly TrialState[]): Promise<number> {
    return this.storage.countTrials(this.record.id, states);
  }

  /** The best COMPLETE trial of a single-objective study. */
  async bestTrial(): Promise<TrialRecord | undefined> {
    if (this.directions.length > 1) throw new MetatuneError('INVALID_ARGUMENT', 'a multi-objective study has no single best trial', { hint: 'use bestTrials() for the Pareto front' });
    await this.history.sync();
    return this.history.best();
  }

  /** The Pareto front of COMPLETE trials (for one objective: the best trials, ties included). */
  async bestTrials(): Promise<TrialRecord[]> {
    const complete = await this.trials({ states: ['COMPLETE'] });
    const front = nonDominatedSort(complete.map((t) => t.values ?? []), this.directions)[0] ?? [];
    return front.map((i) => complete[i]).sort((a, b) => a.number - b.number);
  }

  /** The trials as flat rows (number, state, value(s), params, duration), for reports. */
  async table(): Promise<TrialRow[]> {
    return trialsTable(await this.trials(), this.directions.length);
  }

  /**
   * Runs `objective` on new trials until `trials` have run, the time is up, `signal` aborts or the
   * sampler runs out. A thrown error or a non-finite value fails that trial and the study goes on;
   * a storage that stays unreachable stops it with the storage's error.
   */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<OptimizeSummary> {
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new MetatuneError('INVALID_ARGUMENT', `concurrency must be a positive integer, got ${concurrency}`);
    if (options.trials !== undefined && (!Number.isInteger(options.trials) || options.trials < 0)) {
      throw new MetatuneError('INVALID_ARGUMENT', `trials must be a non-negative integer, got ${options.trials}`);
    }
    if (options.trials === undefined && options.timeoutMs === undefined && !options.signal) {
      throw new MetatuneError('INVALID_ARGUMENT', 'optimize needs a stopping rule', { hint: 'give trials, timeoutMs or signal' });
    }
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    let started = 0;
    const counts = { completed: 0, pruned: 0, failed: 0 };
    let stoppedBy: OptimizeSummary['stoppedBy'] | undefined;
    const stopReason = (): OptimizeSummary['stoppedBy'] | undefined => {
      if (stoppedBy) return stoppedBy;
      if (options.signal?.aborted) return 'signal';
      if (options.trials !== undefined && started >= options.trials) return 'trials';
      if (Date.now() >= deadline) return 'timeout';
      return undefined;
    };
    const loop = async (): Promise<void> => {
      for (;;) {
        const reason = stopReason();
        if (reason) {
          stoppedBy ??= reason;
          return;
        }
        started++;
        let trial: Trial;
        try {
          trial = await this.ask();
        } catch (e) {
          if (e instanceof SearchExhausted) {
            stoppedBy = 'exhausted';
            return;
          }
          throw e;
        }
        let result: TellResult;
        try {
          result = await objective(trial);
        } catch (e) {
          result = e instanceof Error ? e : new Error(String(e));
        }
        try {
          const record = await this.tell(trial, result);
          if (record.state === 'COMPLETE') counts.completed++;
          else if (record.state === 'PRUNED') counts.pruned++;
          else {
            counts.failed++;
            this.log(`trial ${record.number} failed: ${record.error}`);
          }
        } catch (e) {
          // another worker failed this trial after its heartbeat stopped; its retry carries on
          if (e instanceof MetatuneError && e.code === 'TRIAL_STATE') {
            this.log(`trial ${trial.number} was finished elsewhere: ${e.message}`);
            counts.failed++;
            continue;
          }
          throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    return { ...counts, stoppedBy: stoppedBy ?? 'trials' };
  }

  /** Stops heartbeats and closes the storage when the study opened it from a URL. */
  async close(): Promise<void> {
    this.heartbeats.stop();
    if (this.ownsStorage) await this.storage.close();
  }
}

function lastIntermediate(intermediate: Readonly<Record<number, number>>, objectives: number): number[] | undefined {
  const steps = Object.keys(intermediate).map(Number);
  if (steps.length === 0 || objectives !== 1) return undefined;
  return [intermediate[Math.max(...steps)]];
}

async function resolveStorage(storage: Storage | string | undefined): Promise<{ storage: Storage; owns: boolean }> {
  if (storage === undefined) return { storage: await openStorage('memory:'), owns: true };
  if (typeof storage === 'string') return { storage: await openStorage(storage), owns: true };
  return { storage, owns: false };
}

/**
 * Creates a study, or opens the existing one of that name after checking that its space and
 * directions match (`STUDY_CONFLICT` otherwise).
 *
 * @example
 * const study = await createStudy({ name: 'demo', space: defineSpace({ x: float(-5, 5) }) });
 * await study.optimize((t) => (t.params.x as number) ** 2, { trials: 50 });
 * console.log(await study.bestTrial());
 */
export async function createStudy(options: CreateStudyOptions): Promise<Study> {
  const directions = options.directions ?? [options.direction ?? 'minimize'];
  const { storage, owns } = await resolveStorage(options.storage);
  try {
    const record = await storage.createStudy({ name: options.name, space: options.space, directions, userAttrs: options.userAttrs });
    return new Study(storage, record, options, owns);
  } catch (e) {
    if (owns) await storage.close();
    throw e;
  }
}

/** Opens an existing study by name (its space and directions come from the storage). */
export async function loadStudy(options: StudyRuntimeOptions & { readonly name: string; readonly storage: Storage | string }): Promise<Study> {
  const { storage, owns } = await resolveStorage(options.storage);
  const record = await storage.getStudy(options.name);
  if (!record) {
    if (owns) await storage.close();
    const where = typeof options.storage === 'string' ? ` in ${redactUrl(options.storage)}` : '';
    throw new MetatuneError('STORAGE', `no study named "${options.name}"${where}`, { hint: 'create it first with createStudy (or metatune study create)' });
  }
  return new Study(storage, record, options, owns);
}
