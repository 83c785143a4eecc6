import { defineConfig, type Options } from 'tsup';

/** The build every package shares: ESM only (one plugin registry per process), Node 20, bundled .d.ts. */
export function packageConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'neutral',
    dts: { compilerOptions: { paths: {} } },
    tsconfig: 'tsconfig.build.json',
    sourcemap: true,
    clean: true,
    splitting: false,
    ...overrides,
  });
}
