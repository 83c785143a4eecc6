/**
 * The registry entries of @metatune/maml: `metaLearner:maml`, `metaLearner:fomaml`,
 * `metaLearner:anil` and `metaLearner:meta-sgd`, with zod-validated options so configs from
 * JSON/YAML files and the command line are checked before training starts.
 */
import { z } from 'zod';
import { type PluginEntry, type Registry, definePlugin, globalRegistry, nn, provide } from '@metatune/core';
import type { MamlLearner } from './learner';
import type { MamlOptions } from './options';
import { anil, fomaml, maml, metaSgd } from './variants';

/** The version written into the plugin record. */
export const MAML_VERSION = '0.1.0';

const positive = z.number().positive().refine(Number.isFinite, 'must be finite');
const count = z.number().int().positive();

/** Options of every `metaLearner:*` entry of this package (all numbers checked finite). */
export const mamlPluginSchema = z.strictObject({
  model: nn.moduleConfigSchema,
  innerSteps: z.number().int().nonnegative().optional(),
  innerLr: positive.optional(),
  innerOptimizer: z.enum(['sgd', 'adam']).optional(),
  outerLr: positive.optional(),
  adapt: z.array(z.string()).min(1).optional(),
  execution: z.enum(['auto', 'batched', 'per-task']).optional(),
  evaluationBatch: count.optional(),
});

/** What a config passes to `registry.create('metaLearner:maml', ...)`. */
export type MamlPluginOptions = z.input<typeof mamlPluginSchema>;

function toOptions(o: z.output<typeof mamlPluginSchema>): MamlOptions {
  return { ...o, model: nn.moduleFromConfig(o.model) };
}

/** The plugin value; register it with {@link registerMaml} or `registry.register(mamlPlugin)`. */
export const mamlPlugin = definePlugin({
  name: '@metatune/maml',
  version: MAML_VERSION,
  provides: {
    'metaLearner:maml': provide(mamlPluginSchema, (o) => maml(toOptions(o)), 'second-order MAML (Finn et al. 2017), task-batched'),
    'metaLearner:fomaml': provide(mamlPluginSchema, (o) => fomaml(toOptions(o)), 'first-order MAML: no inner graph kept'),
    'metaLearner:anil': provide(mamlPluginSchema, (o) => anil(toOptions(o)), 'ANIL: adapt only the head (Raghu et al. 2020)'),
    'metaLearner:meta-sgd': provide(mamlPluginSchema, (o) => metaSgd(toOptions(o)), 'Meta-SGD: learned per-parameter inner rates (Li et al. 2017)'),
  },
});

/** Registers the four learners into `registry` (default: the global registry). */
export function registerMaml(registry: Registry = globalRegistry()): Registry {
  return registry.register(mamlPlugin);
}

declare module '@metatune/core' {
  interface PluginRegistry {
    'metaLearner:maml': PluginEntry<MamlPluginOptions, MamlLearner>;
    'metaLearner:fomaml': PluginEntry<MamlPluginOptions, MamlLearner>;
    'metaLearner:anil': PluginEntry<MamlPluginOptions, MamlLearner>;
    'metaLearner:meta-sgd': PluginEntry<MamlPluginOptions, MamlLearner>;
  }
}
