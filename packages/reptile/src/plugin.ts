/**
 * The registry entries of @metatune/reptile: `metaLearner:reptile` (from `./reptile`) and
 * `metaLearner:mer` (from `./mer`), each with zod-validated options.
 */
import { type Registry, definePlugin, globalRegistry } from '@metatune/core';
import { merEntries } from './mer/plugin-entries';
import { reptileEntries } from './reptile/plugin-entries';

/** The version written into the plugin record. */
export const REPTILE_VERSION = '0.1.0';

/** The plugin value; register it with {@link registerReptile} or `registry.register(reptilePlugin)`. */
export const reptilePlugin = definePlugin({
  name: '@metatune/reptile',
  version: REPTILE_VERSION,
  provides: { ...reptileEntries, ...merEntries },
});

/** Registers Reptile and MER into `registry` (default: the global registry). */
export function registerReptile(registry: Registry = globalRegistry()): Registry {
  return registry.register(reptilePlugin);
}
