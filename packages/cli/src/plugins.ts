import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Plugin, type Registry, MetatuneError, globalRegistry } from '@metatune/core';

/**
 * The packages that provide metatune's own plugins. The cli depends on them only through this
 * list and the registry: each is imported by name, and its exported `plugin` is registered.
 */
export const FIRST_PARTY_PACKAGES = [
  '@metatune/backends',
  '@metatune/study',
  '@metatune/tasks',
  '@metatune/maml',
  '@metatune/reptile',
  '@metatune/bayesopt',
  '@metatune/evolution',
] as const;

/** Third-party plugin packages: `metatune-plugin-*` and `@scope/metatune-plugin-*`. */
const THIRD_PARTY = /^(@[^/]+\/)?metatune-plugin-/;

function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && 'provides' in value && 'name' in value && 'version' in value;
}

/** Imports a package by name and registers every plugin value it exports. */
export async function loadPluginPackage(name: string, registry: Registry = globalRegistry()): Promise<number> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
  } catch (error) {
    throw new MetatuneError('UNKNOWN_PLUGIN', `cannot import plugin package "${name}": ${(error as Error).message.split('\n')[0]}`, {
      hint: `install it with npm install ${name}`,
    });
  }
  let count = 0;
  for (const value of Object.values(mod)) {
    if (isPlugin(value)) {
      registry.register(value);
      count++;
    }
  }
  return count;
}

/** Names of installed third-party plugin packages found in the node_modules folders above `from`. */
export async function findThirdPartyPackages(from = process.cwd()): Promise<string[]> {
  const found = new Set<string>();
  let dir = from;
  for (;;) {
    const modules = join(dir, 'node_modules');
    const entries = await readdir(modules).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry.startsWith('@')) {
        for (const sub of await readdir(join(modules, entry)).catch(() => [] as string[])) {
          if (THIRD_PARTY.test(`${entry}/${sub}`)) found.add(`${entry}/${sub}`);
        }
      } else if (THIRD_PARTY.test(entry)) found.add(entry);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return [...found].sort();
}

/** Whether a package can be resolved from the cli (it is installed). */
function isInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads every installed first-party package, every installed third-party plugin package, and
 * the extra packages a config names. Missing first-party packages are skipped (users install
 * only what they need); a package named in a config must be importable.
 */
export async function loadPlugins(extra: readonly string[] = [], registry: Registry = globalRegistry()): Promise<Registry> {
  for (const name of FIRST_PARTY_PACKAGES) if (isInstalled(name)) await loadPluginPackage(name, registry);
  for (const name of await findThirdPartyPackages()) await loadPluginPackage(name, registry);
  for (const name of extra) await loadPluginPackage(name, registry);
  return registry;
}

/** The version of the cli package, for `--version` and reports. */
export async function cliVersion(): Promise<string> {
  const require = createRequire(import.meta.url);
  const pkg = JSON.parse(await readFile(require.resolve('@metatune/cli/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
