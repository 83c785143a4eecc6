import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { defineSpace, float } from '@metatune/core';
import { PostgresStorage } from '@metatune/storage-postgres';
import { reliabilitySuite } from '../testing/reliability';
import { PrivatePostgres, postgresBin } from '../testing/private-postgres';
import { spawnWorker, summaryOf } from '../testing/processes';

const url = process.env.METATUNE_TEST_POSTGRES_URL;
const prefix = `t_rel_${process.pid}_${Date.now().toString(36)}`;
let n = 0;
const schemas: string[] = [];

function withSchema(base: string, schema: string): string {
  const u = new URL(base);
  u.searchParams.set('schema', schema);
  return u.toString();
}

afterAll(async () => {
  if (!url || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

describe.skipIf(!url)('reliability with worker processes: PostgreSQL (needs METATUNE_TEST_POSTGRES_URL; see tools/ci/start-postgres.sh)', () => {
  const suite = reliabilitySuite('postgres', async () => {
    const schema = `${prefix}_${n++}`;
    schemas.push(schema);
    const storage = await PostgresStorage.open(url!, { schema });
    return { url: withSchema(url!, schema), storage };
  });

  const bin = postgresBin();
  it.skipIf(!bin)('the server goes away mid-study: workers reconnect and no completed trial is lost; if it stays away they stop with a clear error', async () => {
    const server = PrivatePostgres.start(bin!, 55_000 + (process.pid % 5_000));
    try {
      const storage = await PostgresStorage.open(server.url, { reconnectTimeoutMs: 20_000 });
      const study = await storage.createStudy({ name: 'outage', space: defineSpace({ x: float(0, 1) }), directions: ['minimize'] });
      const settings = { storage: server.url, study: 'outage', trials: 40, objective: 'sleep:25', graceMs: 15_000, heartbeatIntervalMs: 200, reconnectTimeoutMs: 20_000 };
      const workers = [0, 1, 2].map(() => spawnWorker(suite.script(), settings));
      await new Promise((r) => setTimeout(r, 1_000));
      server.stopServer();
      await new Promise((r) => setTimeout(r, 1_000));
      server.startServer();
      const codes = await Promise.all(workers.map((w) => w.exited));
      codes.forEach((c, i) => expect(c, workers[i].stderr).toBe(0));
      const trials = await storage.getTrials(study.id);
      const complete = trials.filter((t) => t.state === 'COMPLETE');
      // every tell a worker counted as done is in the database
      expect(complete.length).toBe(workers.reduce((s, w) => s + summaryOf(w).completed, 0));
      expect(complete.length).toBe(120);
      await storage.close();

      server.stopServer();
      const late = spawnWorker(suite.script(), { ...settings, reconnectTimeoutMs: 800 });
      expect(await late.exited).toBe(1);
      expect(late.stderr).toMatch(/ERROR PostgreSQL open failed on postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres: .*check that it is running/);
    } finally {
      server.destroy();
    }
  });
});
