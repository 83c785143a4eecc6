import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { defineSpace, float } from '@metatune/core';
import { storageConformance } from '../../study/src/testing/conformance';
import { SQLITE_SCHEMA_VERSION } from './schema';
import { openSqliteStorage } from './sqlite-storage';

const dir = mkdtempSync(join(tmpdir(), 'metatune-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storageConformance('sqlite', () => openSqliteStorage(join(dir, `c${n++}.db`)));

describe('SqliteStorage files', () => {
  it('persists across reopening and uses WAL', async () => {
    const file = join(dir, 'persist.db');
    const a = await openSqliteStorage(file);
    const st = await a.createStudy({ name: 'p', space: defineSpace({ x: float(0, 1) }), directions: ['maximize'] });
    await a.finishTrial((await a.createTrial(st.id, { state: 'RUNNING', params: { x: 0.5 } })).id, { state: 'COMPLETE', values: [2] });
    await a.close();
    const b = await openSqliteStorage(file);
    const trials = await b.getTrials((await b.getStudy('p'))!.id);
    expect(trials.map((t) => [t.state, t.values])).toEqual([['COMPLETE', [2]]]);
    await b.close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('refuses a store of a newer schema with a clear error', async () => {
    const file = join(dir, 'newer.db');
    (await openSqliteStorage(file)).close();
    const raw = new Database(file);
    raw.prepare('UPDATE metatune_schema SET version = ?').run(SQLITE_SCHEMA_VERSION + 1);
    raw.close();
    await expect(openSqliteStorage(file)).rejects.toThrow(/schema version 2, newer than .* supports \(1\).*upgrade/);
  });

  it('names the file when it cannot be opened', async () => {
    await expect(openSqliteStorage(join(dir, 'no/such/dir/x.db'))).rejects.toMatchObject({ code: 'STORAGE', message: expect.stringContaining('no/such/dir') });
  });
});
