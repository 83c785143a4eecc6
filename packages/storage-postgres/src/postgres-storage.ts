import pg from 'pg';
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
import { redactSecrets, redactUrl } from './redact';
import { migrate, type Queryable } from './schema';

/** Options of {@link PostgresStorage}. */
export interface PostgresStorageOptions {
  /** Schema (namespace) for the tables, created when missing (default: the `schema` URL parameter, else public). */
  readonly schema?: string;
  /** Milliseconds to keep retrying while the server is unreachable before failing (default 30,000). */
  readonly reconnectTimeoutMs?: number;
  /** Connections in the pool (default 4). */
  readonly poolSize?: number;
}

type Row = Record<string, unknown>;

// Connection-level failures worth retrying: the server restarting, refusing, or dropping us.
const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);

function isRetryable(e: unknown): boolean {
  if (e instanceof MetatuneError) return false;
  const code = (e as { code?: string }).code;
  if (code && RETRYABLE_CODES.has(code)) return true;
  const msg = (e as Error)?.message ?? '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|terminating connection|not queryable/i.test(msg);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function num(v: unknown): number | undefined {
  return v === null || v === undefined ? undefined : Number(v);
}

function toStudy(r: Row): StudyRecord {
  return { id: Number(r.id), name: String(r.name), space: JSON.parse(String(r.space)) as SearchSpace, directions: JSON.parse(String(r.directions)) as Direction[], userAttrs: r.user_attrs as Record<string, JsonValue> };
}

function toTrial(r: Row): TrialRecord {
  const intermediate: Record<number, number> = {};
  for (const [k, v] of Object.entries(r.intermediate as Record<string, number>)) intermediate[Number(k)] = v;
  return {
    id: Number(r.id),
    number: Number(r.number),
    state: r.state as TrialState,
    params: JSON.parse(String(r.params)),
    values: r.vals === null ? undefined : (JSON.parse(String(r.vals)) as number[]),
    intermediate,
    userAttrs: r.user_attrs as Record<string, JsonValue>,
    systemAttrs: r.system_attrs as Record<string, JsonValue>,
    error: (r.error as string | null) ?? undefined,
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    worker: (r.worker as string | null) ?? undefined,
    heartbeatAt: num(r.heartbeat_at),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The PostgreSQL storage: many workers on many machines. Trial numbers come from a counter on the
 * study row (its row lock serialises number assignment only), WAITING trials are claimed with
 * `FOR UPDATE SKIP LOCKED` so workers never queue behind each other, and every state change is
 * one transaction. While the server is unreachable, calls retry for `reconnectTimeoutMs`, then
 * fail with a `STORAGE` error; the URL's password never appears in errors.
 */
export class PostgresStorage implements Storage {
  private readonly pool: pg.Pool;
  private readonly reconnectTimeoutMs: number;
  /** The URL with its password replaced by `***`. */
  readonly displayUrl: string;

  private constructor(
    private readonly url: string,
    readonly schema: string,
    options: PostgresStorageOptions,
  ) {
    this.displayUrl = redactUrl(url);
    this.reconnectTimeoutMs = options.reconnectTimeoutMs ?? 30_000;
    const parsed = new URL(url);
    parsed.searchParams.delete('schema');
    this.pool = new pg.Pool({
      connectionString: parsed.toString(),
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: 5_000,
      options: `-c search_path=${schema}`,
    });
    // An idle client dropped by a restarting server emits 'error' on the pool; without a listener
    // that would crash the process. The next query reconnects (and retries) instead.
    this.pool.on('error', () => undefined);
  }

  /** Connects, creates the schema and tables when needed, and checks the schema version. */
  static async open(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    let schema = options.schema;
    try {
      schema ??= new URL(url).searchParams.get('schema') ?? 'public';
    } catch (cause) {
      throw new MetatuneError('INVALID_ARGUMENT', `"${redactUrl(url)}" is not a valid PostgreSQL URL`, { hint: 'postgres://user[:password]@host[:port]/database', cause });
    }
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new MetatuneError('INVALID_ARGUMENT', `schema name "${schema}" must be a lower-case SQL identifier`);
    const storage = new PostgresStorage(url, schema, options);
    try {
      await storage.tx('open', async (c) => {
        // the lock first: concurrent CREATE SCHEMA IF NOT EXISTS can still collide in PostgreSQL
        await c.query('SELECT pg_advisory_xact_lock(4242424242)');
        await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await migrate(c, storage.displayUrl);
      });
    } catch (e) {
      await storage.pool.end().catch(() => undefined);
      throw e;
    }
    return storage;
  }

  private fail(what: string, cause: unknown): unknown {
    // errors of callers (a sampler throwing inside createTrial) pass through unchanged
    if (cause instanceof MetatuneError || !(cause instanceof pg.DatabaseError || isRetryable(cause) || (cause as { code?: unknown })?.code !== undefined)) return cause;
    const message = redactSecrets((cause as Error)?.message ?? String(cause), this.url);
    return new MetatuneError('STORAGE', `PostgreSQL ${what} failed on ${this.displayUrl}: ${message}`, {
      hint: isRetryable(cause) ? `the server was unreachable for ${this.reconnectTimeoutMs} ms; check that it is running` : undefined,
    });
  }

  /** Runs `fn`, retrying connection failures until the reconnect timeout. */
  private async retrying<T>(what: string, fn: (attempt: number) => Promise<T>): Promise<T> {
    const start = Date.now();
    for (let attempt = 0, wait = 50; ; attempt++, wait = Math.min(1_000, wait * 2)) {
      try {
        return await fn(attempt);
      } catch (e) {
        if (!isRetryable(e) || Date.now() - start + wait > this.reconnectTimeoutMs) throw this.fail(what, e);
        await sleep(wait);
      }
    }
  }

  private query(what: string, sql: string, args: unknown[] = []): Promise<Row[]> {
    return this.retrying(what, async () => (await this.pool.query(sql, args)).rows);
  }

  private tx<T>(what: string, fn: (c: Queryable, attempt: number) => Promise<T>): Promise<T> {
    return this.retrying(what, async (attempt) => {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      // While a client is checked out the pool does not listen for its errors. A server that goes
      // away between two statements of this transaction would otherwise raise an unhandled 'error'
      // event and crash the process; recording it here makes the next statement fail (retryably).
      const onError = (e: Error): void => {
        broken = e;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn(client as unknown as Queryable, attempt);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        if (isRetryable(e)) broken = e as Error;
        else await client.query('ROLLBACK').catch((r: Error) => (broken = r));
        throw e;
      } finally {
        // a broken connection is destroyed rather than returned to the pool
        client.removeListener('error', onError);
        client.release(broken);
      }
    });
  }

  async createStudy(spec: StudySpec): Promise<StudyRecord> {
    if (typeof spec.name !== 'string' || spec.name.length === 0) throw new MetatuneError('INVALID_ARGUMENT', 'a study needs a non-empty name');
    return this.tx('createStudy', async (c) => {
      await c.query('INSERT INTO metatune_studies (name, space, directions, user_attrs, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING', [
        spec.name,
        canonicalJson(spec.space),
        JSON.stringify(spec.directions),
        JSON.stringify(spec.userAttrs ?? {}),
        Date.now(),
      ]);
      const study = toStudy((await c.query('SELECT * FROM metatune_studies WHERE name = $1', [spec.name])).rows[0]);
      if (canonicalJson(study.directions) !== canonicalJson(spec.directions)) {
        throw new MetatuneError('STUDY_CONFLICT', `study "${spec.name}" exists with directions ${JSON.stringify(study.directions)}, not ${JSON.stringify(spec.directions)}`, {
          hint: 'use another study name, or delete the old study first',
        });
      }
      if (canonicalJson(study.space) !== canonicalJson(spec.space)) {
        throw new MetatuneError('STUDY_CONFLICT', `study "${spec.name}" exists with a different search space`, { hint: 'use another study name, or delete the old study first' });
      }
      return study;
    });
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    const rows = await this.query('getStudy', 'SELECT * FROM metatune_studies WHERE name = $1', [name]);
    return rows.length ? toStudy(rows[0]) : undefined;
  }

  async listStudies(): Promise<StudyRecord[]> {
    return (await this.query('listStudies', 'SELECT * FROM metatune_studies ORDER BY id')).map(toStudy);
  }

  async deleteStudy(name: string): Promise<void> {
    await this.query('deleteStudy', 'DELETE FROM metatune_studies WHERE name = $1', [name]);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    await this.query('setStudyUserAttr', 'UPDATE metatune_studies SET user_attrs = jsonb_set(user_attrs, ARRAY[$1::text], $2::jsonb) WHERE id = $3', [key, JSON.stringify(value), studyId]);
  }

  private async insertTrial(c: Queryable, studyId: number, trial: NewTrial): Promise<TrialRecord> {
    const next = await c.query('UPDATE metatune_studies SET next_number = next_number + 1 WHERE id = $1 RETURNING next_number - 1 AS number', [studyId]);
    if (next.rows.length === 0) throw new MetatuneError('STORAGE', `no study with id ${studyId} in ${this.displayUrl}`, { hint: 'create it with createStudy first' });
    const number = Number(next.rows[0].number);
    const params = typeof trial.params === 'function' ? trial.params(number) : trial.params;
    const now = Date.now();
    const running = trial.state === 'RUNNING';
    const { rows } = await c.query(
      'INSERT INTO metatune_trials (study_id, number, state, params, user_attrs, system_attrs, started_at, worker, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *',
      [studyId, number, trial.state, JSON.stringify(params), JSON.stringify(trial.userAttrs ?? {}), JSON.stringify(trial.systemAttrs ?? {}), running ? now : null, running ? (trial.worker ?? null) : null, running ? now : null],
    );
    return toTrial(rows[0]);
  }

  async createTrial(studyId: number, trial: NewTrial): Promise<TrialRecord> {
    return this.tx('createTrial', (c) => this.insertTrial(c, studyId, trial));
  }

  async claimWaitingTrial(studyId: number, worker: string): Promise<TrialRecord | undefined> {
    const now = Date.now();
    const rows = await this.query(
      'claimWaitingTrial',
      `UPDATE metatune_trials SET state = 'RUNNING', worker = $2, started_at = $3, heartbeat_at = $3
       WHERE id = (SELECT id FROM metatune_trials WHERE study_id = $1 AND state = 'WAITING' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [studyId, worker, now],
    );
    return rows.length ? toTrial(rows[0]) : undefined;
  }

  private async stateError(trialId: number, action: string): Promise<MetatuneError> {
    const rows = await this.query('getTrial', 'SELECT number, state FROM metatune_trials WHERE id = $1', [trialId]);
    if (rows.length === 0) return new MetatuneError('TRIAL_STATE', `no trial with id ${trialId}`);
    return new MetatuneError('TRIAL_STATE', `cannot ${action} trial ${rows[0].number}: it is already ${rows[0].state}`, {
      hint: 'a trial is told once; ask() a new trial (a worker may have failed it after its heartbeat stopped)',
    });
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    const rows = await this.query(
      'reportIntermediate',
      "UPDATE metatune_trials SET intermediate = intermediate || jsonb_build_object($2::text, $3::float8) WHERE id = $1 AND state = 'RUNNING' RETURNING id",
      [trialId, String(step), value],
    );
    if (rows.length === 0) throw await this.stateError(trialId, 'report to');
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    await this.query('setTrialUserAttr', 'UPDATE metatune_trials SET user_attrs = jsonb_set(user_attrs, ARRAY[$2::text], $3::jsonb) WHERE id = $1', [trialId, key, JSON.stringify(value)]);
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    await this.query('setTrialSystemAttr', 'UPDATE metatune_trials SET system_attrs = jsonb_set(system_attrs, ARRAY[$2::text], $3::jsonb) WHERE id = $1', [trialId, key, JSON.stringify(value)]);
  }

  async heartbeat(trialId: number): Promise<void> {
    await this.query('heartbeat', "UPDATE metatune_trials SET heartbeat_at = $2 WHERE id = $1 AND state = 'RUNNING'", [trialId, Date.now()]);
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<TrialRecord> {
    const vals = outcome.values ? JSON.stringify(outcome.values) : null;
    return this.retrying('finishTrial', async (attempt) => {
      const { rows } = await this.pool.query(
        "UPDATE metatune_trials SET state = $2, vals = $3, error = $4, finished_at = $5 WHERE id = $1 AND state = 'RUNNING' RETURNING *",
        [trialId, outcome.state, vals, outcome.error ?? null, Date.now()],
      );
      if (rows.length) return toTrial(rows[0]);
      // After a retry the first attempt may have committed before the connection dropped: a trial
      // already finished with exactly this outcome is that commit, not a second tell.
      if (attempt > 0) {
        const t = await this.getTrial(trialId);
        if (t && t.state === outcome.state && JSON.stringify(t.values ?? null) === (vals ?? 'null') && (t.error ?? null) === (outcome.error ?? null)) return t;
      }
      throw await this.stateError(trialId, 'finish');
    });
  }

  async failStaleTrials(studyId: number, graceMs: number, options: StaleTrialOptions = {}): Promise<TrialRecord[]> {
    return this.tx('failStaleTrials', async (c) => {
      const now = Date.now();
      const { rows } = await c.query("SELECT * FROM metatune_trials WHERE study_id = $1 AND state = 'RUNNING' AND heartbeat_at < $2 ORDER BY number FOR UPDATE SKIP LOCKED", [studyId, now - graceMs]);
      const failed: TrialRecord[] = [];
      for (const t of rows.map(toTrial)) {
        const error = `no heartbeat for ${now - (t.heartbeatAt ?? 0)} ms (worker ${t.worker ?? 'unknown'} presumed dead)`;
        await c.query("UPDATE metatune_trials SET state = 'FAIL', error = $2, finished_at = $3 WHERE id = $1", [t.id, error, now]);
        failed.push({ ...t, state: 'FAIL', error, finishedAt: now });
        const retries = typeof t.systemAttrs.retries === 'number' ? t.systemAttrs.retries : 0;
        if (retries < (options.maxRetries ?? 0)) {
          await this.insertTrial(c, studyId, { state: 'WAITING', params: t.params, userAttrs: t.userAttrs, systemAttrs: { ...t.systemAttrs, retries: retries + 1, retryOf: t.number } });
        }
      }
      return failed;
    });
  }

  async getTrial(trialId: number): Promise<TrialRecord | undefined> {
    const rows = await this.query('getTrial', 'SELECT * FROM metatune_trials WHERE id = $1', [trialId]);
    return rows.length ? toTrial(rows[0]) : undefined;
  }

  async getTrials(studyId: number, query: TrialQuery = {}): Promise<TrialRecord[]> {
    const args: unknown[] = [studyId, query.fromNumber ?? 0];
    let sql = 'SELECT * FROM metatune_trials WHERE study_id = $1 AND number >= $2';
    if (query.states) {
      args.push([...query.states]);
      sql += ` AND state = ANY($${args.length}::text[])`;
    }
    sql += ` ORDER BY number ${query.newest ? 'DESC' : 'ASC'}`;
    if (query.limit !== undefined) {
      args.push(query.limit);
      sql += ` LIMIT $${args.length}`;
    }
    return (await this.query('getTrials', sql, args)).map(toTrial);
  }

  async countTrials(studyId: number, states?: readonly TrialState[]): Promise<number> {
    const rows = states
      ? await this.query('countTrials', 'SELECT COUNT(*) AS n FROM metatune_trials WHERE study_id = $1 AND state = ANY($2::text[])', [studyId, [...states]])
      : await this.query('countTrials', 'SELECT COUNT(*) AS n FROM metatune_trials WHERE study_id = $1', [studyId]);
    return Number(rows[0].n);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/** Opens the PostgreSQL storage at `url` (creating and migrating its tables when needed). */
export function openPostgresStorage(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
  return PostgresStorage.open(url, options);
}
