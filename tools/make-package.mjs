// Scaffolds the shared files of a workspace package: package.json, tsconfig, tsup config.
// Usage: node tools/make-package.mjs <dir> "<description>" [dep ...]
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
const [dir, description, ...deps] = process.argv.slice(2);
const root = `packages/${dir}`;
mkdirSync(`${root}/src`, { recursive: true });
const pkg = {
  name: `@metatune/${dir}`,
  version: '0.1.0',
  description,
  license: 'MIT',
  type: 'module',
  engines: { node: '>=20.19' },
  sideEffects: false,
  exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist', 'README.md'],
  scripts: {
    build: 'tsup',
    typecheck: 'tsc -p tsconfig.json --noEmit',
  },
  dependencies: Object.fromEntries(deps.filter((d) => d.startsWith('@metatune/')).map((d) => [d, '^0.1.0'])),
  peerDependencies: { '@tensorflow/tfjs-core': '^4.22.0' },
  repository: { type: 'git', url: 'git+https://github.com/metatune/metatune.git', directory: root },
  keywords: ['meta-learning', 'hyperparameter-optimization', 'tensorflowjs'],
  publishConfig: { access: 'public' },
};
if (!existsSync(`${root}/package.json`)) writeFileSync(`${root}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
writeFileSync(`${root}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'] }, null, 2) + '\n');
writeFileSync(`${root}/tsconfig.build.json`, JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { paths: {} }, include: ['src'], exclude: ['src/**/*.test.ts', 'src/**/*.test-d.ts', 'src/testing/**'] }, null, 2) + '\n');
if (!existsSync(`${root}/tsup.config.ts`)) writeFileSync(`${root}/tsup.config.ts`, `import { packageConfig } from '../../tools/tsup.shared';\n\nexport default packageConfig();\n`);
if (!existsSync(`${root}/src/index.ts`)) writeFileSync(`${root}/src/index.ts`, 'export {};\n');
