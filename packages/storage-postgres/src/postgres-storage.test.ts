import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { storageConformance } from '../../study/src/testing/conformance';
import { POSTGRES_SCHEMA_VERSION } from './schema';
import { openPostgresStorage } from './postgres-storage';
import { redactSecrets, redactUrl } from './redact';

const url = process.env.METATUNE_TEST_POSTGRES_URL;
// one schema per test file run, so parallel files and reruns never see each other's tables
const prefix = `t_pg_${process.pid}_${Date.now().toString(36)}`;
let n = 0;
const schemas: string[] = [];
const fresh = () => {
  const schema = `${prefix}_${n++}`;
  schemas.push(schema);
  return openPostgresStorage(url!, { schema });
};

afterAll(async () => {
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

describe('redaction', () => {
  it('hides passwords in URLs and in any text', () => {
    expect(redactUrl('postgres://bob:s3cr%40t@db:5432/x')).toBe('postgres://bob:***@db:5432/x');
    expect(redactUrl('postgres://db/x?password=hunter2&ssl=1')).toBe('postgres://db/x?password=***&ssl=1');
    expect(redactSecrets('auth failed for postgres://bob:s3cr%40t@db/x with s3cr@t', 'postgres://bob:s3cr%40t@db/x')).toBe('auth failed for postgres://bob:***@db/x with ***');
  });
});

describe.skipIf(!url)('PostgresStorage (needs METATUNE_TEST_POSTGRES_URL; see tools/ci/start-postgres.sh)', () => {
  storageConformance('postgres', fresh);

  it('refuses a database of a newer schema with a clear error', async () => {
    const s = await fresh();
    await s.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`UPDATE ${schemas[schemas.length - 1]}.metatune_schema SET version = ${POSTGRES_SCHEMA_VERSION + 1}`);
    await client.end();
    await expect(openPostgresStorage(url!, { schema: schemas[schemas.length - 1] })).rejects.toThrow(/schema version 2, newer than .* supports \(1\)/);
  });

  it('a connection the server kills between two statements of a transaction is retried, not an unhandled error', async () => {
    const s = await fresh();
    // The window between statements is too short to hit from a public method on purpose, so the
    // test drives the private transaction helper and kills its backend inside that window.
    type Tx = (what: string, fn: (c: pg.ClientBase, attempt: number) => Promise<number>) => Promise<number>;
    const tx = (s as unknown as { tx: Tx }).tx.bind(s);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const attempts: number[] = [];
      const out = await tx('killed mid-transaction', async (c, attempt) => {
        attempts.push(attempt);
        const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
        if (attempts.length === 1) {
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          // the FATAL message reaches the idle client here, with no query to take it
          await new Promise((r) => setTimeout(r, 300));
        }
        return Number((await c.query('SELECT 41 + 1 AS v')).rows[0].v);
      });
      expect(out).toBe(42);
      expect(attempts.length).toBe(2);
    } finally {
      await admin.end();
      await s.close();
    }
  });

  it('fails with a clear error that never shows the password when the server is unreachable', async () => {
    const bad = 'postgres://metatune:topsecret@127.0.0.1:1/metatune';
    const error = await openPostgresStorage(bad, { reconnectTimeoutMs: 300 }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'STORAGE' });
    expect((error as Error).message).toMatch(/127\.0\.0\.1:1/);
    expect((error as Error).message).not.toMatch(/topsecret/);
  });
});
