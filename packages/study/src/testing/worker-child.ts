/**
 * A worker process of the multi-process tests (test-only; bundled by build-worker.ts). Reads its
 * settings as JSON from argv[2], runs `runWorker`, prints one JSON line with its summary, and
 * exits 1 printing the error message when the study stops with an error.
 */
import type { Storage } from '@metatune/core';
import { SqliteStorage } from '../../../storage-sqlite/src/sqlite-storage';
import { PostgresStorage } from '../../../storage-postgres/src/postgres-storage';
import { GridSampler } from '../samplers/grid';
import type { Trial } from '../trial';
import { runWorker } from '../worker';

/** Settings of one worker. */
export interface ChildSettings {
  storage: string;
  study: string;
  trials?: number;
  timeoutMs?: number;
  /** instant | sleep:MS | hang | throw-every:N | nan-every:N */
  objective: string;
  sampler?: 'random' | 'grid';
  graceMs?: number;
  heartbeatIntervalMs?: number;
  maxRetries?: number;
  reconnectTimeoutMs?: number;
  seed?: number;
}

const settings = JSON.parse(process.argv[2]) as ChildSettings;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(): Promise<Storage> {
  if (settings.storage.startsWith('sqlite:')) return new SqliteStorage(settings.storage.slice('sqlite:'.length));
  return PostgresStorage.open(settings.storage, { reconnectTimeoutMs: settings.reconnectTimeoutMs });
}

function value(trial: Trial): number {
  return Object.values(trial.params).reduce<number>((s, v) => s + (typeof v === 'number' ? v * v : 1), 0);
}

async function objective(trial: Trial): Promise<number> {
  const [kind, arg] = settings.objective.split(':');
  if (kind === 'sleep') await sleep(Number(arg));
  if (kind === 'hang') {
    process.stdout.write(`RUNNING ${trial.number}\n`);
    await sleep(1e9);
  }
  if (kind === 'throw-every' && trial.number % Number(arg) === 0) throw new Error(`objective exploded on trial ${trial.number}`);
  if (kind === 'nan-every' && trial.number % Number(arg) === 0) return Number.NaN;
  return value(trial);
}

const storage = await open().catch((e: Error) => {
  process.stderr.write(`ERROR ${e.message}\n`);
  process.exit(1);
});
try {
  const summary = await runWorker({
    storage,
    study: settings.study,
    objective,
    trials: settings.trials,
    timeoutMs: settings.timeoutMs,
    sampler: settings.sampler === 'grid' ? new GridSampler() : undefined,
    graceMs: settings.graceMs,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    maxRetries: settings.maxRetries,
    seed: settings.seed,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  await storage.close();
  process.exit(0);
} catch (e) {
  process.stderr.write(`ERROR ${(e as Error).message}\n`);
  await storage.close();
  process.exit(1);
}
