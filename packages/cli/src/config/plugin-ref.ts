import type { PluginKind, Registry } from '@metatune/core';
import { ConfigError } from './load';
import type { PluginRef } from './schema';

/**
 * Creates the plugin a config names. `"gp"` and `"sampler:gp"` both mean `sampler:gp`; an unknown
 * name lists the installed plugins of that kind; bad options name their path in the config.
 */
export function createFromRef(registry: Registry, file: string, path: string, kind: PluginKind, ref: PluginRef): unknown {
  const raw = typeof ref === 'string' ? ref : ref.id;
  const id = raw.includes(':') ? raw : `${kind}:${raw}`;
  if (!id.startsWith(`${kind}:`)) throw new ConfigError(`${file}: ${path}: "${raw}" is not a ${kind}`, `use one of: ${installed(registry, kind)}`);
  if (!registry.has(id)) {
    throw new ConfigError(`${file}: ${path}: unknown ${kind} "${raw}"`, `installed: ${installed(registry, kind)}`);
  }
  try {
    return registry.createUnchecked(id, typeof ref === 'string' ? {} : (ref.options ?? {}));
  } catch (error) {
    throw new ConfigError(`${file}: ${path}${typeof ref === 'string' ? '' : '.options'}: ${(error as Error).message}`);
  }
}

function installed(registry: Registry, kind: PluginKind): string {
  const ids = registry.list(kind).map((e) => e.id.slice(kind.length + 1));
  return ids.length ? ids.join(', ') : `none (install a package that provides ${kind}s)`;
}
