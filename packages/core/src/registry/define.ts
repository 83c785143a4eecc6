import type { z } from 'zod';
import { MetatuneError } from '../errors';
import type { Plugin, PluginContext, Provider, ProvidesMap } from './types';

const KINDS = new Set(['backend', 'task', 'metaLearner', 'optimizer', 'sampler', 'pruner', 'storage', 'reporter']);

/**
 * Pairs a schema with a factory; the factory receives the schema's validated output, so defaults
 * declared in the schema are filled in.
 */
export function provide<S extends z.ZodType, Instance>(
  schema: S,
  create: (options: z.output<S>, context: PluginContext) => Instance,
  description?: string,
): Provider<z.input<S>, Instance> {
  return { schema: schema as unknown as Provider<z.input<S>, Instance>['schema'], create: create as Provider<z.input<S>, Instance>['create'], description };
}

/** Declares a plugin. Checks the ids at run time: each must be `"<kind>:<name>"` with a known kind. */
export function definePlugin<P extends ProvidesMap>(plugin: Plugin<P>): Plugin<P> {
  if (!plugin || typeof plugin.name !== 'string' || plugin.name.length === 0) {
    throw new MetatuneError('INVALID_ARGUMENT', 'a plugin needs a non-empty name', { hint: 'usually the package name' });
  }
  if (typeof plugin.version !== 'string') throw new MetatuneError('INVALID_ARGUMENT', `plugin ${plugin.name} needs a version string`);
  for (const id of Object.keys(plugin.provides ?? {})) {
    const [kind, name, ...rest] = id.split(':');
    if (!KINDS.has(kind) || !name || rest.length > 0) {
      throw new MetatuneError('INVALID_ARGUMENT', `plugin ${plugin.name} provides "${id}", which is not "<kind>:<name>"`, {
        hint: `kinds are ${[...KINDS].join(', ')}`,
      });
    }
  }
  return Object.freeze(plugin);
}
