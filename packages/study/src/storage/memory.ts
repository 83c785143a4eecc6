import {
  MetatuneError,
  type JsonValue,
  type NewTrial,
  type StaleTrialOptions,
  type Storage,
  type StudyRecord,
  type StudySpec,
  type TrialOutcome,
  type TrialQuery,
  type TrialRecord,
  type TrialState,
} from '@metatune/core';
import { assertSameSpec, assertValidSpec, studyRecord } from './spec';

interface MutableTrial {
  id: number;
  number: number;
  studyId: number;
  state: TrialState;
  params: TrialRecord['params'];
  values?: number[];
  intermediate: Record<number, number>;
  userAttrs: Record<string, JsonValue>;
  systemAttrs: Record<string, JsonValue>;
  error?: string;
  startedAt?: number;
  finishedAt?: number;
  worker?: string;
  heartbeatAt?: number;
}

interface StudyState {
  record: StudyRecord;
  /** Trials by number (index = number). */
  trials: MutableTrial[];
  /** Numbers of WAITING trials, oldest first. */
  waiting: number[];
  running: Set<MutableTrial>;
}

function snapshot(t: MutableTrial): TrialRecord {
  // Copies keep callers from mutating the stored trial; shallow copies are enough since values are JSON.
  return {
    id: t.id,
    number: t.number,
    state: t.state,
    params: t.params,
    values: t.values,
    intermediate: { ...t.intermediate },
    userAttrs: { ...t.userAttrs },
    systemAttrs: { ...t.systemAttrs },
    error: t.error,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    worker: t.worker,
    heartbeatAt: t.heartbeatAt,
  };
}

/** Throws `TRIAL_STATE` unless a trial exists. */
export function missingTrial(trialId: number): MetatuneError {
  return new MetatuneError('TRIAL_STATE', `no trial with id ${trialId}`, { hint: 'use the trial returned by ask() or the id in trials()' });
}

/** The error for a state change on a finished trial. */
export function finishedTrialError(number: number, state: TrialState, action: string): MetatuneError {
  return new MetatuneError('TRIAL_STATE', `cannot ${action} trial ${number}: it is already ${state}`, {
    hint: 'a trial is told once; ask() a new trial (a worker may have failed it after its heartbeat stopped)',
  });
}

/**
 * The in-memory storage (`memory:`): one process, nothing persisted. Each method is a synchronous
 * state change wrapped in a promise, so it has the same atomicity as the database storages and
 * the least overhead.
 */
export class MemoryStorage implements Storage {
  private readonly studies = new Map<string, StudyState>();
  private readonly studiesById = new Map<number, StudyState>();
  private readonly trialsById = new Map<number, MutableTrial>();
  private nextStudyId = 1;
  private nextTrialId = 1;
  private closed = false;

  private study(studyId: number): StudyState {
    this.assertOpen();
    const s = this.studiesById.get(studyId);
    if (!s) throw new MetatuneError('STORAGE', `no study with id ${studyId}`, { hint: 'create it with createStudy first' });
    return s;
  }

  private trial(trialId: number): MutableTrial {
    this.assertOpen();
    const t = this.trialsById.get(trialId);
    if (!t) throw missingTrial(trialId);
    return t;
  }

  private assertOpen(): void {
    if (this.closed) throw new MetatuneError('STORAGE', 'the memory storage is closed');
  }

  async createStudy(spec: StudySpec): Promise<StudyRecord> {
    this.assertOpen();
    assertValidSpec(spec);
    const existing = this.studies.get(spec.name);
    if (existing) {
      assertSameSpec(existing.record, spec);
      return existing.record;
    }
    const state: StudyState = { record: studyRecord(this.nextStudyId++, spec), trials: [], waiting: [], running: new Set() };
    this.studies.set(spec.name, state);
    this.studiesById.set(state.record.id, state);
    return state.record;
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    this.assertOpen();
    return this.studies.get(name)?.record;
  }

  async listStudies(): Promise<StudyRecord[]> {
    this.assertOpen();
    return [...this.studies.values()].map((s) => s.record);
  }

  async deleteStudy(name: string): Promise<void> {
    this.assertOpen();
    const s = this.studies.get(name);
    if (!s) return;
    for (const t of s.trials) this.trialsById.delete(t.id);
    this.studies.delete(name);
    this.studiesById.delete(s.record.id);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const s = this.study(studyId);
    s.record = { ...s.record, userAttrs: { ...s.record.userAttrs, [key]: value } };
  }

  async createTrial(studyId: number, trial: NewTrial): Promise<TrialRecord> {
    const s = this.study(studyId);
    const number = s.trials.length;
    const params = typeof trial.params === 'function' ? trial.params(number) : trial.params;
    const now = Date.now();
    const t: MutableTrial = {
      id: this.nextTrialId++,
      number,
      studyId,
      state: trial.state,
      params,
      intermediate: {},
      userAttrs: { ...(trial.userAttrs ?? {}) },
      systemAttrs: { ...(trial.systemAttrs ?? {}) },
    };
    if (trial.state === 'RUNNING') {
      t.startedAt = now;
      t.heartbeatAt = now;
      t.worker = trial.worker;
      s.running.add(t);
    } else {
      s.waiting.push(number);
    }
    s.trials.push(t);
    this.trialsById.set(t.id, t);
    return snapshot(t);
  }

  async claimWaitingTrial(studyId: number, worker: string): Promise<TrialRecord | undefined> {
    const s = this.study(studyId);
    const number = s.waiting.shift();
    if (number === undefined) return undefined;
    const t = s.trials[number];
    const now = Date.now();
    t.state = 'RUNNING';
    t.worker = worker;
    t.startedAt = now;
    t.heartbeatAt = now;
    s.running.add(t);
    return snapshot(t);
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    const t = this.trial(trialId);
    if (t.state !== 'RUNNING') throw finishedTrialError(t.number, t.state, 'report to');
    t.intermediate[step] = value;
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.trial(trialId).userAttrs[key] = value;
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.trial(trialId).systemAttrs[key] = value;
  }

  async heartbeat(trialId: number): Promise<void> {
    const t = this.trial(trialId);
    if (t.state === 'RUNNING') t.heartbeatAt = Date.now();
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<TrialRecord> {
    const t = this.trial(trialId);
    if (t.state !== 'RUNNING') throw finishedTrialError(t.number, t.state, 'finish');
    t.state = outcome.state;
    if (outcome.values) t.values = [...outcome.values];
    if (outcome.error !== undefined) t.error = outcome.error;
    t.finishedAt = Date.now();
    this.studiesById.get(t.studyId)?.running.delete(t);
    return snapshot(t);
  }

  async failStaleTrials(studyId: number, graceMs: number, options: StaleTrialOptions = {}): Promise<TrialRecord[]> {
    const s = this.study(studyId);
    const now = Date.now();
    const failed: TrialRecord[] = [];
    for (const t of [...s.running]) {
      if (now - (t.heartbeatAt ?? 0) <= graceMs) continue;
      t.state = 'FAIL';
      t.error = `no heartbeat for ${now - (t.heartbeatAt ?? 0)} ms (worker ${t.worker ?? 'unknown'} presumed dead)`;
      t.finishedAt = now;
      s.running.delete(t);
      failed.push(snapshot(t));
      const retries = typeof t.systemAttrs.retries === 'number' ? t.systemAttrs.retries : 0;
      if (retries < (options.maxRetries ?? 0)) {
        await this.createTrial(studyId, { state: 'WAITING', params: t.params, userAttrs: t.userAttrs, systemAttrs: { ...t.systemAttrs, retries: retries + 1, retryOf: t.number } });
      }
    }
    return failed;
  }

  async getTrial(trialId: number): Promise<TrialRecord | undefined> {
    this.assertOpen();
    const t = this.trialsById.get(trialId);
    return t ? snapshot(t) : undefined;
  }

  async getTrials(studyId: number, query: TrialQuery = {}): Promise<TrialRecord[]> {
    const s = this.study(studyId);
    const from = Math.max(0, query.fromNumber ?? 0);
    const states = query.states ? new Set(query.states) : undefined;
    const out: TrialRecord[] = [];
    const limit = query.limit ?? Infinity;
    if (query.newest) {
      for (let i = s.trials.length - 1; i >= from && out.length < limit; i--) if (!states || states.has(s.trials[i].state)) out.push(snapshot(s.trials[i]));
      return out;
    }
    for (let i = from; i < s.trials.length && out.length < limit; i++) if (!states || states.has(s.trials[i].state)) out.push(snapshot(s.trials[i]));
    return out;
  }

  async countTrials(studyId: number, states?: readonly TrialState[]): Promise<number> {
    const s = this.study(studyId);
    if (!states) return s.trials.length;
    const wanted = new Set(states);
    let n = 0;
    for (const t of s.trials) if (wanted.has(t.state)) n++;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
