/**
 * Per-trial bookkeeping overhead of @metatune/study: ask + tell with an instant objective and the
 * random sampler, for the memory, SQLite and (when METATUNE_TEST_POSTGRES_URL is set) PostgreSQL
 * storages, in 2-D and 10-D spaces, and how it grows from the first 100 trials to trial 10,000.
 * Then throughput with 1 vs 8 worker processes on SQLite (instant and 50 ms objectives).
 *
 * Run against the built packages:
 *   (cd packages/core && npx tsup) && (cd packages/study && npx tsup) && (cd packages/storage-sqlite && npx tsup) \
 *     && (cd packages/storage-postgres && npx tsup) && npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/study/overhead.bench.ts
 * Flags: --trials N (default 10000; PostgreSQL uses min(N, 3000) unless --full), --repeats R (default 3),
 *        --full, --no-workers. Prints one JSON object.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, defineSpace, float, foldIn, makeKey, space as spaces, validateValues, type SearchSpace, type Storage } from '@metatune/core';
import { createStudy } from '@metatune/study';
import { SqliteStorage } from '@metatune/storage-sqlite';
import { PostgresStorage } from '@metatune/storage-postgres';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const full = args.includes('--full');
const trials = flag('trials', 10_000);
const repeats = flag('repeats', 3);
const pgUrl = process.env.METATUNE_TEST_POSTGRES_URL;
const dir = mkdtempSync(join(tmpdir(), 'metatune-bench-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spaceOf = (d: number): SearchSpace => defineSpace(Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, float(-5, 5)])));

/** ms per trial in the first 100 trials, around trial 1,000 and in the last 100. */
async function runOnce(storage: Storage, name: string, d: number, n: number): Promise<{ first100: number; at1000: number; last100: number; mean: number }> {
  const study = await createStudy({ name, space: spaceOf(d), storage, log: () => undefined });
  const stamps = new Float64Array(n + 1);
  stamps[0] = performance.now();
  for (let i = 0; i < n; i++) {
    const t = await study.ask();
    await study.tell(t, (t.params.x0 as number) ** 2);
    stamps[i + 1] = performance.now();
  }
  await study.close();
  const per = (a: number, b: number) => (stamps[Math.min(b, n)] - stamps[Math.max(0, a)]) / (Math.min(b, n) - Math.max(0, a));
  return { first100: per(0, 100), at1000: per(900, 1000), last100: per(n - 100, n), mean: per(0, n) };
}

/** The sampler alone (no storage): the floor that the storages add to. */
function samplerOnly(d: number, n: number): number {
  const space = spaceOf(d);
  const key = makeKey(0);
  const start = performance.now();
  for (let i = 0; i < n; i++) validateValues(space, spaces.sampleUniform(space, new Rng(foldIn(key, i))));
  return (performance.now() - start) / n;
}

async function backend(label: string, open: (r: number, d: number) => Promise<Storage>, n: number) {
  const out: Record<string, unknown> = {};
  for (const d of [2, 10]) {
    const runs: Awaited<ReturnType<typeof runOnce>>[] = [];
    for (let r = 0; r < repeats; r++) {
      const storage = await open(r, d);
      runs.push(await runOnce(storage, `bench-${label}-${d}-${r}-${Date.now()}`, d, n));
      await storage.close();
    }
    const m = (k: keyof (typeof runs)[number]) => Number(median(runs.map((x) => x[k])).toFixed(4));
    out[`${d}d`] = { trials: n, msPerTrial: m('mean'), first100: m('first100'), around1000: m('at1000'), last100: m('last100'), growthLastOverFirst: Number((m('last100') / m('first100')).toFixed(2)) };
  }
  return out;
}

async function workers(count: number, objectiveMs: number, perWorker: number): Promise<{ trialsPerSecond: number; wallMs: number }> {
  const file = join(dir, `w${count}-${objectiveMs}-${Date.now()}.db`);
  const s = new SqliteStorage(file);
  await s.createStudy({ name: 'w', space: spaceOf(2), directions: ['minimize'] });
  await s.close();
  const script = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const results = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<{ start: number; end: number; n: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, file, String(perWorker), String(objectiveMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
        let text = '';
        child.stdout.on('data', (b: Buffer) => (text += b.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(text.trim().split('\n').pop()!)) : reject(new Error(`worker exited ${code}`))));
      }),
    ),
  );
  const start = Math.min(...results.map((r) => r.start));
  const end = Math.max(...results.map((r) => r.end));
  const n = results.reduce((a, r) => a + r.n, 0);
  return { trialsPerSecond: Number(((n * 1000) / (end - start)).toFixed(1)), wallMs: Math.round(end - start) };
}

const result: Record<string, unknown> = {
  note: 'medians of repeats; 2-core machine shared with other engineers, so timings are noisy',
  reference: { optunaRandomInMemoryMsPerTrial: { '2d': 0.1, '10d': 0.3, source: '../shared/peers (Optuna 3.1, not measured in this run: optuna is not installed here)' } },
  samplerOnlyMsPerTrial: { '2d': Number(samplerOnly(2, 5000).toFixed(4)), '10d': Number(samplerOnly(10, 5000).toFixed(4)) },
};
const { MemoryStorage } = await import('@metatune/study');
result.memory = await backend('memory', async () => new MemoryStorage(), trials);
result.sqlite = await backend('sqlite', async (r, d) => new SqliteStorage(join(dir, `b-${r}-${d}.db`)), trials);
if (pgUrl) {
  const schema = `bench_${process.pid}`;
  result.postgres = await backend('postgres', () => PostgresStorage.open(pgUrl, { schema }), full ? trials : Math.min(trials, 3000));
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
} else {
  result.postgres = 'skipped: METATUNE_TEST_POSTGRES_URL is not set';
}
if (!args.includes('--no-workers')) {
  const instant1 = await workers(1, 0, 800);
  const instant8 = await workers(8, 0, 100);
  const slow1 = await workers(1, 50, 40);
  const slow8 = await workers(8, 50, 40);
  result.sqliteWorkers = {
    instant: { one: instant1, eight: instant8, speedup: Number((instant8.trialsPerSecond / instant1.trialsPerSecond).toFixed(2)) },
    objective50ms: { one: slow1, eight: slow8, speedup: Number((slow8.trialsPerSecond / slow1.trialsPerSecond).toFixed(2)) },
  };
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(result, null, 2));
