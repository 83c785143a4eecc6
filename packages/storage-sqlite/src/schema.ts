import type Database from 'better-sqlite3';
import { MetatuneError } from '@metatune/core';

/** The schema version this build writes; stores of a newer version are refused. */
export const SQLITE_SCHEMA_VERSION = 1;

/** Migrations by the version they produce; index 0 creates version 1. Never edit one, append. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE studies (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     space TEXT NOT NULL,
     directions TEXT NOT NULL,
     user_attrs TEXT NOT NULL DEFAULT '{}',
     next_number INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE trials (
     id INTEGER PRIMARY KEY,
     study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
     number INTEGER NOT NULL,
     state TEXT NOT NULL,
     params TEXT NOT NULL,
     vals TEXT,
     intermediate TEXT NOT NULL DEFAULT '{}',
     user_attrs TEXT NOT NULL DEFAULT '{}',
     system_attrs TEXT NOT NULL DEFAULT '{}',
     error TEXT,
     started_at INTEGER,
     finished_at INTEGER,
     worker TEXT,
     heartbeat_at INTEGER,
     UNIQUE (study_id, number)
   );
   CREATE INDEX trials_by_state ON trials (study_id, state, number);`,
];

/**
 * Brings the database to {@link SQLITE_SCHEMA_VERSION} in one IMMEDIATE transaction (so workers
 * opening the same file at once migrate it exactly once), or refuses a newer schema.
 */
export function migrate(db: Database.Database, where: string): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS metatune_schema (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM metatune_schema').get() as { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > SQLITE_SCHEMA_VERSION) {
      throw new MetatuneError('STORAGE', `${where} has schema version ${current}, newer than this @metatune/storage-sqlite supports (${SQLITE_SCHEMA_VERSION})`, {
        hint: 'upgrade @metatune/storage-sqlite (and the other metatune packages) to the version that wrote it',
      });
    }
    for (let v = current; v < SQLITE_SCHEMA_VERSION; v++) db.exec(SQLITE_MIGRATIONS[v]);
    if (!row) db.prepare('INSERT INTO metatune_schema (version) VALUES (?)').run(SQLITE_SCHEMA_VERSION);
    else if (current !== SQLITE_SCHEMA_VERSION) db.prepare('UPDATE metatune_schema SET version = ?').run(SQLITE_SCHEMA_VERSION);
  }).immediate();
}
