/**
 * The `metaLearner:mer` registry entry: MER with zod-validated options, so configs from JSON/YAML
 * files and the command line are checked before a run starts.
 */
import { z } from 'zod';
import { nn, provide, type PluginEntry } from '@metatune/core';
import { mer, type ContinualLearner } from './learner';

const finite = z.number().refine(Number.isFinite, 'must be finite');
const rate = finite.refine((v) => v > 0, 'must be positive');
const unitRate = rate.refine((v) => v <= 1, 'must be at most 1');
const count = z.number().int().positive();

/** Options of `metaLearner:mer` (the model is an MLP described by its layer sizes). */
export const merPluginSchema = z.strictObject({
  model: nn.mlpConfigSchema,
  lr: rate.optional(),
  beta: unitRate.optional(),
  gamma: unitRate.optional(),
  batches: count.optional(),
  replay: z.number().int().nonnegative().optional(),
  memory: count.optional(),
});

/** What a config passes to `registry.create('metaLearner:mer', ...)`. */
export type MerPluginOptions = z.input<typeof merPluginSchema>;

/** The entries this folder adds to the package's plugin. */
export const merEntries = {
  'metaLearner:mer': provide(
    merPluginSchema,
    (o) => mer({ ...o, model: nn.moduleFromConfig(o.model) }),
    'meta-experience replay for continual learning (Riemer et al. 2019): reservoir replay with within- and across-batch Reptile steps',
  ),
};

declare module '@metatune/core' {
  interface PluginRegistry {
    'metaLearner:mer': PluginEntry<MerPluginOptions, ContinualLearner>;
  }
}
