/**
 * One benchmark worker process: runs `trials` ask/tell trials on the SQLite study "w" with an
 * objective that sleeps `objectiveMs`, and prints {start, end, n} (ms timestamps after start-up).
 * Usage: node --import tsx tools/bench/study/worker.ts FILE TRIALS OBJECTIVE_MS
 */
import { runWorker } from '@metatune/study';
import { SqliteStorage } from '@metatune/storage-sqlite';

const [file, trials, objectiveMs] = process.argv.slice(2);
const storage = new SqliteStorage(file);
const wait = Number(objectiveMs);
const start = performance.timeOrigin + performance.now();
const summary = await runWorker({
  storage,
  study: 'w',
  trials: Number(trials),
  log: () => undefined,
  objective: async (t) => {
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return (t.params.x0 as number) ** 2;
  },
});
const end = performance.timeOrigin + performance.now();
await storage.close();
console.log(JSON.stringify({ start, end, n: summary.completed }));
