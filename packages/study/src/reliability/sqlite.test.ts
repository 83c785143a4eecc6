import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { SqliteStorage } from '@metatune/storage-sqlite';
import { reliabilitySuite } from '../testing/reliability';

const dir = mkdtempSync(join(tmpdir(), 'metatune-reliability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describe('reliability with worker processes: SQLite', () => {
  reliabilitySuite('sqlite', async () => {
    const path = join(dir, `r${n++}.db`);
    return { url: `sqlite:${path}`, storage: new SqliteStorage(path) };
  });
});
