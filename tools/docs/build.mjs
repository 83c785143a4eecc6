/**
 * Builds the docs site: the API reference (typedoc, tools/docs/api.mjs), then `vitepress build docs`
 * into docs/.vitepress/dist.
 *
 *   node tools/docs/build.mjs [--skip-api]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateApi, root } from './api.mjs';

if (!process.argv.includes('--skip-api')) {
  const code = generateApi();
  if (code !== 0) process.exit(code);
}
const build = spawnSync(join(root, 'node_modules', '.bin', 'vitepress'), ['build', 'docs'], { cwd: root, stdio: 'inherit' });
process.exit(build.status ?? 1);
