import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { readConfigFile } from './load';
import { importModule, isTypeScript } from './module';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'metatune-config-'));
}

describe('config modules', () => {
  it.each([['a plain folder', false], ['a "type": "module" package', true]])('loads a TypeScript config in %s, types and all, with an inline objective function', async (_, esm) => {
    const d = dir();
    if (esm) writeFileSync(join(d, 'package.json'), '{ "type": "module" }');
    const file = join(d, 'tune.config.ts');
    writeFileSync(
      file,
      [
        "interface Point { readonly x: number }",
        'const square = (p: Point): number => p.x ** 2;',
        'export default {',
        "  study: { name: 'ts' },",
        "  space: { x: { type: 'float', low: -1, high: 1 } },",
        '  objective: { function: (params: Record<string, unknown>) => square({ x: params.x as number }) },',
        '  trials: 3,',
        '} satisfies Record<string, unknown>;',
      ].join('\n'),
    );
    const config = (await readConfigFile(file)) as { study: { name: string }; objective: { function: (p: Record<string, unknown>) => number } };
    expect(config.study.name).toBe('ts');
    expect(config.objective.function({ x: 3 })).toBe(9);
  });

  it('says to install tsx when a TypeScript file is asked for without it', async () => {
    const d = dir();
    const file = join(d, 'objective.ts');
    writeFileSync(file, 'export const objective = (p: { x: number }) => p.x;\n');
    const missing = () => Promise.reject(new Error("Cannot find package 'tsx'"));
    const error = await importModule(file, 'tune.yaml: objective.module', missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/tune.yaml: objective.module: loading a TypeScript file needs the tsx package/);
    expect((error as ConfigError).hint).toMatch(/npm install --save-dev tsx/);
  });

  it('loads JavaScript natively and tells TypeScript apart by extension', async () => {
    const d = dir();
    const file = join(d, 'objective.mjs');
    writeFileSync(file, 'export const objective = (p) => p.x + 1;\n');
    const mod = await importModule(file, 'objective.mjs');
    expect((mod.objective as (p: { x: number }) => number)({ x: 1 })).toBe(2);
    expect([isTypeScript('a.ts'), isTypeScript('a.MTS'), isTypeScript('a.cts'), isTypeScript('a.mjs'), isTypeScript('a.d')]).toEqual([true, true, true, false, false]);
  });

  it('names the file when a config module is missing, fails to load or has no default export', async () => {
    const d = dir();
    await expect(readConfigFile(join(d, 'missing.ts'))).rejects.toThrow(/missing.ts: no such config file/);
    writeFileSync(join(d, 'broken.ts'), 'export default { oops: ;\n');
    await expect(readConfigFile(join(d, 'broken.ts'))).rejects.toThrow(/broken.ts: cannot load the config module/);
    writeFileSync(join(d, 'named.mjs'), 'export const config = {};\n');
    await expect(readConfigFile(join(d, 'named.mjs'))).rejects.toThrow(/named.mjs: the config module has no default export/);
  });
});
