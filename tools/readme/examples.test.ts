import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUNS_MARKER, readmeExamples, runnableExamples } from './examples';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packages = readdirSync(join(root, 'packages')).filter((p) => existsSync(join(root, 'packages', p, 'package.json'))).sort();
const TSX = join(root, 'node_modules', '.bin', 'tsx');
const postgresUrl = process.env.METATUNE_TEST_POSTGRES_URL;

describe('runnableExamples', () => {
  it('takes the ts block after each marker and nothing else', () => {
    const text = ['# x', '```ts', 'skipped();', '```', RUNS_MARKER, '', '```ts', 'a();', 'b();', '```', 'text', RUNS_MARKER, '```typescript', 'c();', '```'].join('\n');
    expect(runnableExamples(text)).toEqual([
      { line: 7, code: 'a();\nb();' },
      { line: 13, code: 'c();' },
    ]);
  });

  it('rejects a marker that is not followed by a ts block', () => {
    expect(() => runnableExamples([RUNS_MARKER, '```yaml', 'a: 1', '```'].join('\n'))).toThrow(/must be followed by a ```ts block/);
  });
});

/**
 * Every package README has at least one marked example, and each one runs to completion against
 * the built packages (as a user's script in a project that installed them), from a fresh working
 * directory inside the repository so `@metatune/*` imports resolve through node_modules.
 */
describe('package README examples run', () => {
  it.each(packages)('%s', (name) => {
    const examples = readmeExamples(join(root, 'packages', name, 'README.md'));
    expect(examples.length, `packages/${name}/README.md has no example marked ${RUNS_MARKER}`).toBeGreaterThan(0);
    if (!existsSync(join(root, 'packages', name, 'dist', 'index.js'))) throw new Error(`packages/${name} is not built: run npm run build first`);
    const work = join(root, 'test-results', 'readme-examples', name);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    for (const [i, example] of examples.entries()) {
      const needsPostgres = example.code.includes('METATUNE_POSTGRES_URL');
      if (needsPostgres && !postgresUrl) continue; // CI starts PostgreSQL; see tools/ci/start-postgres.sh
      const file = join(work, `example-${i + 1}.mts`);
      writeFileSync(file, example.code);
      const run = spawnSync(TSX, [file], {
        cwd: work,
        encoding: 'utf8',
        timeout: 240_000,
        env: { ...process.env, METATUNE_POSTGRES_URL: postgresUrl ?? '' },
      });
      const output = `${run.stdout}\n${run.stderr}`.trim().slice(-3000);
      expect(run.status, `packages/${name}/README.md line ${example.line}: the example failed (signal ${run.signal}):\n${output}`).toBe(0);
    }
  }, 600_000);
});
