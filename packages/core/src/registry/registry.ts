import type { z } from 'zod';
import { MetatuneError } from '../errors';
import type { Plugin, PluginContext, PluginId, PluginInstance, PluginKind, PluginOptions, Provider } from './types';

/** A registered factory, as `list()` reports it. */
export interface RegisteredPlugin {
  readonly id: string;
  readonly kind: PluginKind;
  readonly plugin: string;
  readonly version: string;
  readonly description?: string;
}

interface Entry extends RegisteredPlugin {
  readonly provider: Provider<unknown, unknown>;
}

type OptionsArgs<K extends PluginId> = object extends PluginOptions<K> ? [options?: PluginOptions<K>] : [options: PluginOptions<K>];

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(options)'}: ${i.message}`).join('; ');
}

/** Holds plugin factories and creates instances by id, validating options on the way. */
export class Registry {
  private readonly entries = new Map<string, Entry>();

  /** Adds every factory of `plugin`. Registering the same plugin twice is a no-op. */
  register(plugin: Plugin): this {
    for (const [id, provider] of Object.entries(plugin.provides)) {
      const existing = this.entries.get(id);
      if (existing && existing.plugin !== plugin.name) {
        throw new MetatuneError('DUPLICATE_PLUGIN', `"${id}" is already provided by ${existing.plugin}@${existing.version}; ${plugin.name} cannot provide it too`, {
          hint: 'give the factory another name, or use a separate registry from createRegistry()',
        });
      }
      this.entries.set(id, {
        id,
        kind: id.split(':')[0] as PluginKind,
        plugin: plugin.name,
        version: plugin.version,
        description: (provider as Provider<unknown, unknown>).description,
        provider: provider as Provider<unknown, unknown>,
      });
    }
    return this;
  }

  /** Whether `id` is registered. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The registered factories, optionally of one kind, sorted by id. */
  list(kind?: PluginKind): RegisteredPlugin[] {
    return [...this.entries.values()]
      .filter((e) => kind === undefined || e.kind === kind)
      .map(({ provider: _provider, ...rest }) => rest)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Creates plugin `id` with `options`, type-checked against the registry entry. */
  create<K extends PluginId>(id: K, ...args: OptionsArgs<K>): PluginInstance<K> {
    return this.createUnchecked(id, args[0]) as PluginInstance<K>;
  }

  /**
   * Creates a plugin from an id and options known only at run time (config files, the command
   * line). Unknown ids list the registered ones of that kind; bad options name the path in them.
   */
  createUnchecked(id: string, options: unknown = {}): unknown {
    const entry = this.entries.get(id);
    if (!entry) {
      const kind = id.includes(':') ? (id.split(':')[0] as PluginKind) : undefined;
      const known = this.list(kind).map((e) => e.id);
      throw new MetatuneError('UNKNOWN_PLUGIN', `no plugin "${id}" is registered`, {
        hint: known.length ? `registered${kind ? ` ${kind}s` : ''}: ${known.join(', ')}` : 'install and import the package that provides it',
      });
    }
    const parsed = entry.provider.schema.safeParse(options ?? {});
    if (!parsed.success) {
      throw new MetatuneError('INVALID_OPTIONS', `bad options for "${id}": ${formatIssues(parsed.error)}`, {
        hint: `see the README of ${entry.plugin} for the options of ${id}`,
      });
    }
    const context: PluginContext = { registry: this };
    return (entry.provider.create as (o: unknown, c: PluginContext) => unknown)(parsed.data, context);
  }
}

/** A new, empty registry (for tests or isolated apps). */
export function createRegistry(): Registry {
  return new Registry();
}

const GLOBAL_KEY = Symbol.for('metatune.registry');

/**
 * The process-wide registry. It lives on `globalThis` so that every copy of core loaded in one
 * process (two bundles, ESM and CJS) shares one registry.
 */
export function globalRegistry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  holder[GLOBAL_KEY] ??= new Registry();
  return holder[GLOBAL_KEY];
}
