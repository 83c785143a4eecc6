/**
 * Serves the docs site with live reload: generates the API reference once, then `vitepress dev docs`.
 *
 *   node tools/docs/dev.mjs [--skip-api]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateApi, root } from './api.mjs';

if (!process.argv.includes('--skip-api')) {
  const code = generateApi();
  if (code !== 0) process.exit(code);
}
const dev = spawnSync(join(root, 'node_modules', '.bin', 'vitepress'), ['dev', 'docs', ...process.argv.slice(2).filter((a) => a !== '--skip-api')], { cwd: root, stdio: 'inherit' });
process.exit(dev.status ?? 1);
