/**
 * Builds the worker script of the multi-process tests (test-only). Child processes cannot import
 * TypeScript sources, so the worker and the study/storage sources it imports are bundled with
 * esbuild (milliseconds) into node_modules/.cache, where Node resolves better-sqlite3 and pg from
 * the workspace's node_modules. The bundle is rebuilt by every test file, so it is never stale.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const repoRoot = resolve(here, '../../../..');

const metatuneSources: Plugin = {
  name: 'metatune-sources',
  setup(b) {
    b.onResolve({ filter: /^@metatune\/[a-z0-9-]+$/ }, (args) => {
      const name = args.path.slice('@metatune/'.length);
      return { path: name === 'core' ? join(here, 'core-lite.ts') : join(repoRoot, 'packages', name, 'src', 'index.ts') };
    });
  },
};

/** Bundles `worker-child.ts` and returns the path of the .mjs file to run with node. */
export async function buildWorker(tag: string): Promise<string> {
  const outDir = join(repoRoot, 'node_modules', '.cache', 'metatune-study-tests');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `worker-${tag}-${process.pid}.mjs`);
  await build({
    entryPoints: [join(here, 'worker-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'pg', 'zod'],
    plugins: [metatuneSources],
    logLevel: 'error',
  });
  return outfile;
}
