import Database from 'better-sqlite3';
import {
  MetatuneError,
  type Direction,
  type JsonValue,
  type NewTrial,
  type SearchSpace,
  type StaleTrialOptions,
  type Storage,
  type StudyRecord,
  type StudySpec,
  type TrialOutcome,
  type TrialQuery,
  type TrialRecord,
  type TrialState,
} from '@metatune/core';
import { migrate } from './schema';

interface StudyRow {
  id: number;
  name: string;
  space: string;
  directions: string;
  user_attrs: string;
}

interface TrialRow {
  id: number;
  number: number;
  state: TrialState;
  params: string;
  vals: string | null;
  intermediate: string;
  user_attrs: string;
  system_attrs: string;
  error: string | null;
  started_at: number | null;
  finished_at: number | null;
  worker: string | null;
  heartbeat_at: number | null;
}

/** Options of {@link SqliteStorage}. */
export interface SqliteStorageOptions {
  /** Milliseconds a write waits for another process's transaction before failing (default 30,000). */
  readonly busyTimeoutMs?: number;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function toStudy(r: StudyRow): StudyRecord {
  return { id: r.id, name: r.name, space: JSON.parse(r.space) as SearchSpace, directions: JSON.parse(r.directions) as Direction[], userAttrs: JSON.parse(r.user_attrs) };
}

function toTrial(r: TrialRow): TrialRecord {
  const intermediate: Record<number, number> = {};
  for (const [k, v] of Object.entries(JSON.parse(r.intermediate) as Record<string, number>)) intermediate[Number(k)] = v;
  return {
    id: r.id,
    number: r.number,
    state: r.state,
    params: JSON.parse(r.params),
    values: r.vals === null ? undefined : (JSON.parse(r.vals) as number[]),
    intermediate,
    userAttrs: JSON.parse(r.user_attrs),
    systemAttrs: JSON.parse(r.system_attrs),
    error: r.error ?? undefined,
    startedAt: r.started_at ?? undefined,
    finishedAt: r.finished_at ?? undefined,
    worker: r.worker ?? undefined,
    heartbeatAt: r.heartbeat_at ?? undefined,
  };
}

/**
 * The SQLite storage: one file, any number of processes on one machine. WAL journaling lets
 * readers run beside the writer, every state change is one `BEGIN IMMEDIATE` transaction (the
 * write lock is taken up front, so two processes never deadlock upgrading a read lock, which is
 * what surfaces as "database is locked" elsewhere) and `busy_timeout` makes a writer wait its
 * turn instead of failing.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly stmts: Record<string, Database.Statement>;

  constructor(
    /** The database file (or `:memory:`). */
    readonly path: string,
    options: SqliteStorageOptions = {},
  ) {
    try {
      this.db = new Database(path, { timeout: options.busyTimeoutMs ?? 30_000 });
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 30_000}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
    } catch (cause) {
      throw new MetatuneError('STORAGE', `cannot open the SQLite database ${path}: ${(cause as Error).message}`, { hint: 'check that the directory exists and is writable', cause });
    }
    migrate(this.db, path);
    const p = (sql: string) => this.db.prepare(sql);
    this.stmts = {
      studyByName: p('SELECT * FROM studies WHERE name = ?'),
      studyById: p('SELECT * FROM studies WHERE id = ?'),
      allStudies: p('SELECT * FROM studies ORDER BY id'),
      insertStudy: p('INSERT INTO studies (name, space, directions, user_attrs, created_at) VALUES (?, ?, ?, ?, ?)'),
      deleteTrials: p('DELETE FROM trials WHERE study_id = ?'),
      deleteStudy: p('DELETE FROM studies WHERE id = ?'),
      setStudyAttr: p("UPDATE studies SET user_attrs = json_set(user_attrs, '$.' || json_quote(?), json(?)) WHERE id = ?"),
      nextNumber: p('UPDATE studies SET next_number = next_number + 1 WHERE id = ? RETURNING next_number - 1 AS number'),
      insertTrial: p(
        'INSERT INTO trials (study_id, number, state, params, user_attrs, system_attrs, started_at, worker, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
      ),
      oldestWaiting: p("SELECT id FROM trials WHERE study_id = ? AND state = 'WAITING' ORDER BY number LIMIT 1"),
      claim: p("UPDATE trials SET state = 'RUNNING', worker = ?, started_at = ?, heartbeat_at = ? WHERE id = ? RETURNING *"),
      trial: p('SELECT * FROM trials WHERE id = ?'),
      report: p("UPDATE trials SET intermediate = json_set(intermediate, '$.' || json_quote(?), ?) WHERE id = ? AND state = 'RUNNING'"),
      setUserAttr: p("UPDATE trials SET user_attrs = json_set(user_attrs, '$.' || json_quote(?), json(?)) WHERE id = ?"),
      setSystemAttr: p("UPDATE trials SET system_attrs = json_set(system_attrs, '$.' || json_quote(?), json(?)) WHERE id = ?"),
      heartbeat: p("UPDATE trials SET heartbeat_at = ? WHERE id = ? AND state = 'RUNNING'"),
      finish: p("UPDATE trials SET state = ?, vals = ?, error = ?, finished_at = ? WHERE id = ? AND state = 'RUNNING' RETURNING *"),
      stale: p("SELECT * FROM trials WHERE study_id = ? AND state = 'RUNNING' AND heartbeat_at < ? ORDER BY number"),
      failStale: p("UPDATE trials SET state = 'FAIL', error = ?, finished_at = ? WHERE id = ? AND state = 'RUNNING'"),
      countAll: p('SELECT COUNT(*) AS n FROM trials WHERE study_id = ?'),
    };
  }

  private guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (cause) {
      // errors of callers (a sampler throwing inside createTrial) pass through unchanged
      if (!(cause instanceof Database.SqliteError)) throw cause;
      const code = cause.code;
      const hint = code.startsWith('SQLITE_BUSY') ? 'another process held the write lock longer than busyTimeoutMs; raise it' : undefined;
      throw new MetatuneError('STORAGE', `SQLite ${what} failed on ${this.path}: ${(cause as Error).message}`, { hint, cause });
    }
  }

  private write<T>(what: string, fn: () => T): T {
    return this.guard(what, () => this.db.transaction(fn).immediate());
  }

  private requireStudy(studyId: number): void {
    if (!this.stmts.studyById.get(studyId)) throw new MetatuneError('STORAGE', `no study with id ${studyId} in ${this.path}`, { hint: 'create it with createStudy first' });
  }

  async createStudy(spec: StudySpec): Promise<StudyRecord> {
    if (typeof spec.name !== 'string' || spec.name.length === 0) throw new MetatuneError('INVALID_ARGUMENT', 'a study needs a non-empty name');
    return this.write('createStudy', () => {
      const existing = this.stmts.studyByName.get(spec.name) as StudyRow | undefined;
      if (existing) {
        const study = toStudy(existing);
        if (canonicalJson(study.directions) !== canonicalJson(spec.directions)) {
          throw new MetatuneError('STUDY_CONFLICT', `study "${spec.name}" exists with directions ${JSON.stringify(study.directions)}, not ${JSON.stringify(spec.directions)}`, {
            hint: 'use another study name, or delete the old study first',
          });
        }
        if (canonicalJson(study.space) !== canonicalJson(spec.space)) {
          throw new MetatuneError('STUDY_CONFLICT', `study "${spec.name}" exists with a different search space`, { hint: 'use another study name, or delete the old study first' });
        }
        return study;
      }
      this.stmts.insertStudy.run(spec.name, canonicalJson(spec.space), JSON.stringify(spec.directions), JSON.stringify(spec.userAttrs ?? {}), Date.now());
      return toStudy(this.stmts.studyByName.get(spec.name) as StudyRow);
    });
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    const row = this.guard('getStudy', () => this.stmts.studyByName.get(name) as StudyRow | undefined);
    return row && toStudy(row);
  }

  async listStudies(): Promise<StudyRecord[]> {
    return this.guard('listStudies', () => (this.stmts.allStudies.all() as StudyRow[]).map(toStudy));
  }

  async deleteStudy(name: string): Promise<void> {
    this.write('deleteStudy', () => {
      const row = this.stmts.studyByName.get(name) as StudyRow | undefined;
      if (!row) return;
      this.stmts.deleteTrials.run(row.id);
      this.stmts.deleteStudy.run(row.id);
    });
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.write('setStudyUserAttr', () => this.stmts.setStudyAttr.run(key, JSON.stringify(value), studyId));
  }

  private insertTrial(studyId: number, trial: NewTrial): TrialRecord {
    const next = this.stmts.nextNumber.get(studyId) as { number: number } | undefined;
    if (!next) throw new MetatuneError('STORAGE', `no study with id ${studyId} in ${this.path}`, { hint: 'create it with createStudy first' });
    const params = typeof trial.params === 'function' ? trial.params(next.number) : trial.params;
    const now = Date.now();
    const running = trial.state === 'RUNNING';
    const row = this.stmts.insertTrial.get(
      studyId,
      next.number,
      trial.state,
      JSON.stringify(params),
      JSON.stringify(trial.userAttrs ?? {}),
      JSON.stringify(trial.systemAttrs ?? {}),
      running ? now : null,
      running ? (trial.worker ?? null) : null,
      running ? now : null,
    ) as TrialRow;
    return toTrial(row);
  }

  async createTrial(studyId: number, trial: NewTrial): Promise<TrialRecord> {
    return this.write('createTrial', () => this.insertTrial(studyId, trial));
  }

  async claimWaitingTrial(studyId: number, worker: string): Promise<TrialRecord | undefined> {
    // A read first: most asks find nothing waiting, and a read needs no write lock.
    if (!this.guard('claimWaitingTrial', () => this.stmts.oldestWaiting.get(studyId))) return undefined;
    return this.write('claimWaitingTrial', () => {
      const row = this.stmts.oldestWaiting.get(studyId) as { id: number } | undefined;
      if (!row) return undefined;
      const now = Date.now();
      return toTrial(this.stmts.claim.get(worker, now, now, row.id) as TrialRow);
    });
  }

  private requireRunning(trialId: number, action: string): void {
    const row = this.stmts.trial.get(trialId) as TrialRow | undefined;
    if (!row) throw new MetatuneError('TRIAL_STATE', `no trial with id ${trialId}`);
    if (row.state !== 'RUNNING') {
      throw new MetatuneError('TRIAL_STATE', `cannot ${action} trial ${row.number}: it is already ${row.state}`, {
        hint: 'a trial is told once; ask() a new trial (a worker may have failed it after its heartbeat stopped)',
      });
    }
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    this.write('reportIntermediate', () => {
      if (this.stmts.report.run(String(step), value, trialId).changes === 0) this.requireRunning(trialId, 'report to');
    });
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.write('setTrialUserAttr', () => this.stmts.setUserAttr.run(key, JSON.stringify(value), trialId));
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    this.write('setTrialSystemAttr', () => this.stmts.setSystemAttr.run(key, JSON.stringify(value), trialId));
  }

  async heartbeat(trialId: number): Promise<void> {
    this.write('heartbeat', () => this.stmts.heartbeat.run(Date.now(), trialId));
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<TrialRecord> {
    return this.write('finishTrial', () => {
      const row = this.stmts.finish.get(outcome.state, outcome.values ? JSON.stringify(outcome.values) : null, outcome.error ?? null, Date.now(), trialId) as TrialRow | undefined;
      if (!row) {
        this.requireRunning(trialId, 'finish');
        throw new MetatuneError('STORAGE', `finishing trial ${trialId} changed nothing`);
      }
      return toTrial(row);
    });
  }

  async failStaleTrials(studyId: number, graceMs: number, options: StaleTrialOptions = {}): Promise<TrialRecord[]> {
    return this.write('failStaleTrials', () => {
      const now = Date.now();
      const stale = (this.stmts.stale.all(studyId, now - graceMs) as TrialRow[]).map(toTrial);
      const failed: TrialRecord[] = [];
      for (const t of stale) {
        const error = `no heartbeat for ${now - (t.heartbeatAt ?? 0)} ms (worker ${t.worker ?? 'unknown'} presumed dead)`;
        this.stmts.failStale.run(error, now, t.id);
        failed.push({ ...t, state: 'FAIL', error, finishedAt: now });
        const retries = typeof t.systemAttrs.retries === 'number' ? t.systemAttrs.retries : 0;
        if (retries < (options.maxRetries ?? 0)) {
          this.insertTrial(studyId, { state: 'WAITING', params: t.params, userAttrs: t.userAttrs, systemAttrs: { ...t.systemAttrs, retries: retries + 1, retryOf: t.number } });
        }
      }
      return failed;
    });
  }

  async getTrial(trialId: number): Promise<TrialRecord | undefined> {
    const row = this.guard('getTrial', () => this.stmts.trial.get(trialId) as TrialRow | undefined);
    return row && toTrial(row);
  }

  async getTrials(studyId: number, query: TrialQuery = {}): Promise<TrialRecord[]> {
    return this.guard('getTrials', () => {
      this.requireStudy(studyId);
      const where = ['study_id = ?', 'number >= ?'];
      const args: unknown[] = [studyId, query.fromNumber ?? 0];
      if (query.states) {
        where.push(`state IN (${query.states.map(() => '?').join(', ')})`);
        args.push(...query.states);
      }
      let sql = `SELECT * FROM trials WHERE ${where.join(' AND ')} ORDER BY number ${query.newest ? 'DESC' : 'ASC'}`;
      if (query.limit !== undefined) {
        sql += ' LIMIT ?';
        args.push(query.limit);
      }
      return (this.db.prepare(sql).all(...args) as TrialRow[]).map(toTrial);
    });
  }

  async countTrials(studyId: number, states?: readonly TrialState[]): Promise<number> {
    return this.guard('countTrials', () => {
      if (!states) return (this.stmts.countAll.get(studyId) as { n: number }).n;
      const sql = `SELECT COUNT(*) AS n FROM trials WHERE study_id = ? AND state IN (${states.map(() => '?').join(', ')})`;
      return (this.db.prepare(sql).get(studyId, ...states) as { n: number }).n;
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating and migrating when needed) the SQLite storage at `path`. */
export async function openSqliteStorage(path: string, options: SqliteStorageOptions = {}): Promise<SqliteStorage> {
  return new SqliteStorage(path, options);
}
