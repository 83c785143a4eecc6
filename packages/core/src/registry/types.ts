import type { z } from 'zod';

/**
 * The typed table of every plugin factory, keyed by `"<kind>:<name>"`. Empty in core; each
 * plugin package adds its entries by declaration merging:
 *
 * @example
 * declare module '@metatune/core' {
 *   interface PluginRegistry {
 *     'sampler:gp': PluginEntry<GpSamplerOptions, Sampler>;
 *   }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PluginRegistry {}

/** One registry entry: the options users pass and the instance the factory returns. */
export interface PluginEntry<Options, Instance> {
  readonly options: Options;
  readonly instance: Instance;
}

/** The kinds of plugin. */
export type PluginKind = 'backend' | 'task' | 'metaLearner' | 'optimizer' | 'sampler' | 'pruner' | 'storage' | 'reporter';

/** Every registered plugin id. */
export type PluginId = Extract<keyof PluginRegistry, string>;

/** Options type of plugin `K`. */
export type PluginOptions<K extends PluginId> = PluginRegistry[K] extends PluginEntry<infer O, unknown> ? O : never;

/** Instance type of plugin `K`. */
export type PluginInstance<K extends PluginId> = PluginRegistry[K] extends PluginEntry<unknown, infer I> ? I : never;

/** What a factory receives besides its options. */
export interface PluginContext {
  /** The registry the plugin was created from, so a plugin can create the plugins it composes. */
  readonly registry: import('./registry').Registry;
}

/** A factory with the schema that validates its options at run time. */
export interface Provider<Options, Instance> {
  /** Validates (and fills defaults into) the options; its input type is the options type. */
  readonly schema: z.ZodType<unknown, Options>;
  /** Builds an instance from validated options. */
  readonly create: (options: never, context: PluginContext) => Instance;
  /** One line for `list()` and docs. */
  readonly description?: string;
}

/** The factories a plugin may provide, typed by the registry entries. */
export type ProvidesMap = {
  [K in PluginId]?: Provider<PluginOptions<K>, PluginInstance<K>>;
};

/** A plugin: a name, a version and the factories it provides. */
export interface Plugin<P extends ProvidesMap = ProvidesMap> {
  readonly name: string;
  readonly version: string;
  readonly provides: P;
}
