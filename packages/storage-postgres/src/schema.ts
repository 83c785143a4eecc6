import { MetatuneError } from '@metatune/core';

/** The schema version this build writes; databases of a newer version are refused. */
export const POSTGRES_SCHEMA_VERSION = 1;

/** Migrations by the version they produce; index 0 creates version 1. Never edit one, append. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE metatune_studies (
     id BIGSERIAL PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     space TEXT NOT NULL,
     directions TEXT NOT NULL,
     user_attrs JSONB NOT NULL DEFAULT '{}',
     next_number BIGINT NOT NULL DEFAULT 0,
     created_at BIGINT NOT NULL
   );
   CREATE TABLE metatune_trials (
     id BIGSERIAL PRIMARY KEY,
     study_id BIGINT NOT NULL REFERENCES metatune_studies(id) ON DELETE CASCADE,
     number BIGINT NOT NULL,
     state TEXT NOT NULL,
     params TEXT NOT NULL,
     vals TEXT,
     intermediate JSONB NOT NULL DEFAULT '{}',
     user_attrs JSONB NOT NULL DEFAULT '{}',
     system_attrs JSONB NOT NULL DEFAULT '{}',
     error TEXT,
     started_at BIGINT,
     finished_at BIGINT,
     worker TEXT,
     heartbeat_at BIGINT,
     UNIQUE (study_id, number)
   );
   CREATE INDEX metatune_trials_by_state ON metatune_trials (study_id, state, number);`,
];

/** Minimal query interface (a pg client inside a transaction). */
export interface Queryable {
  query(sql: string, args?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Brings the schema to {@link POSTGRES_SCHEMA_VERSION}; call inside a transaction. An advisory
 * lock serialises workers that open a fresh database at the same moment.
 */
export async function migrate(db: Queryable, where: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(4242424242)');
  await db.query('CREATE TABLE IF NOT EXISTS metatune_schema (version INTEGER NOT NULL)');
  const { rows } = await db.query('SELECT version FROM metatune_schema');
  const current = rows.length ? Number(rows[0].version) : 0;
  if (current > POSTGRES_SCHEMA_VERSION) {
    throw new MetatuneError('STORAGE', `${where} has schema version ${current}, newer than this @metatune/storage-postgres supports (${POSTGRES_SCHEMA_VERSION})`, {
      hint: 'upgrade @metatune/storage-postgres (and the other metatune packages) to the version that wrote it',
    });
  }
  for (let v = current; v < POSTGRES_SCHEMA_VERSION; v++) await db.query(POSTGRES_MIGRATIONS[v]);
  if (rows.length === 0) await db.query('INSERT INTO metatune_schema (version) VALUES ($1)', [POSTGRES_SCHEMA_VERSION]);
  else if (current !== POSTGRES_SCHEMA_VERSION) await db.query('UPDATE metatune_schema SET version = $1', [POSTGRES_SCHEMA_VERSION]);
}
