/**
 * The `metaLearner:reptile` registry entry, with zod-validated options so configs from JSON/YAML
 * files and the command line are checked before training starts.
 */
import { z } from 'zod';
import { type PluginEntry, nn, provide } from '@metatune/core';
import { reptile, type ReptileLearner } from './learner';
import type { ReptileOptions } from './options';

const positive = z.number().positive().refine(Number.isFinite, 'must be finite');
const count = z.number().int().positive();

/** Options of `metaLearner:reptile` (all numbers checked finite; innerSteps at least 1). */
export const reptilePluginSchema = z.strictObject({
  model: nn.moduleConfigSchema,
  innerSteps: count.optional(),
  innerLr: positive.optional(),
  innerOptimizer: z.enum(['sgd', 'adam']).optional(),
  innerBatch: count.optional(),
  outerStepSize: positive.optional(),
  annealSteps: count.optional(),
  execution: z.enum(['auto', 'batched', 'per-task']).optional(),
  evaluationLr: positive.optional(),
  evaluationBatch: count.optional(),
});

/** What a config passes to `registry.create('metaLearner:reptile', ...)`. */
export type ReptilePluginOptions = z.input<typeof reptilePluginSchema>;

function toOptions(o: z.output<typeof reptilePluginSchema>): ReptileOptions {
  return { ...o, model: nn.moduleFromConfig(o.model) };
}

/** The Reptile entries of the package's plugin (merged with the MER entries in `../plugin`). */
export const reptileEntries = {
  'metaLearner:reptile': provide(reptilePluginSchema, (o) => reptile(toOptions(o)), 'Reptile (Nichol et al. 2018): serial or batched, task-batched for MLPs'),
};

declare module '@metatune/core' {
  interface PluginRegistry {
    'metaLearner:reptile': PluginEntry<ReptilePluginOptions, ReptileLearner>;
  }
}
