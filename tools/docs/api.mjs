/**
 * Generates the API reference (Markdown, into docs/api) with typedoc + typedoc-plugin-markdown
 * from each package's src/index.ts. Packages whose index exports nothing yet are skipped.
 *
 *   node tools/docs/api.mjs
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const apiDir = join(root, 'docs', 'api');

/** The package directories (relative to the root) whose src/index.ts exports something. */
export function documentedPackages() {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .sort()
    .filter((name) => {
      const index = join(dir, name, 'src', 'index.ts');
      if (!existsSync(index)) return false;
      // Comments and `export {};` alone mean the package has no public API yet.
      const code = readFileSync(index, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/export\s*\{\s*\}\s*;?/g, '');
      return /\bexport\b/.test(code);
    })
    .map((name) => `packages/${name}`);
}

/** Runs typedoc; returns its exit code. */
export function generateApi() {
  const packages = documentedPackages();
  rmSync(apiDir, { recursive: true, force: true });
  const options = {
    $schema: 'https://typedoc.org/schema.json',
    // One TypeScript program for all packages (tsconfig.base.json maps @metatune/* to the sources):
    // several times faster than entryPointStrategy 'packages', which compiles each package apart.
    entryPointStrategy: 'resolve',
    entryPoints: packages.map((p) => join(root, p, 'src', 'index.ts')),
    tsconfig: join(root, 'tools', 'docs', 'tsconfig.typedoc.json'),
    disableSources: true,
    plugin: ['typedoc-plugin-markdown', join(root, 'tools', 'docs', 'typedoc-package-names.mjs')],
    out: apiDir,
    readme: 'none',
    name: 'API reference',
    entryFileName: 'index.md',
    hidePageHeader: true,
    hideBreadcrumbs: true,
    useCodeBlocks: true,
    // Escape <, > and {{ in comments: VitePress compiles every page as a Vue template.
    sanitizeComments: true,
    // Sibling packages are still being written; a type error there must not block the docs.
    skipErrorChecking: true,
    excludePrivate: true,
    // core re-exports the whole tfjs-core namespace as `tf`; document metatune, link out for tfjs.
    excludeExternals: true,
    excludeInternal: true,
    exclude: ['**/*.test.ts', '**/*.test-d.ts', '**/testing/**'],
    logLevel: 'Warn',
    treatWarningsAsErrors: false,
  };
  const configFile = join(root, 'node_modules', '.cache', 'metatune-typedoc.json');
  spawnSync('mkdir', ['-p', dirname(configFile)]);
  writeFileSync(configFile, JSON.stringify(options, null, 2));
  const typedoc = join(root, 'node_modules', '.bin', 'typedoc');
  const run = spawnSync(typedoc, ['--options', configFile], { cwd: root, stdio: 'inherit' });
  return run.status ?? 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(generateApi());
}
