/** The registry entries of @metatune/study: random and grid samplers, the pruners and the memory storage. */
import { z } from 'zod';
import { type PluginEntry, type Pruner, type Registry, type Sampler, type Storage, definePlugin, globalRegistry, provide } from '@metatune/core';
import { HyperbandPruner, type HyperbandOptions } from './pruners/hyperband';
import { MedianPruner, PercentilePruner, type PercentilePrunerOptions } from './pruners/percentile';
import { SuccessiveHalvingPruner, type SuccessiveHalvingOptions } from './pruners/successive-halving';
import { GridSampler, type GridSamplerOptions } from './samplers/grid';
import { RandomSampler } from './samplers/random';
import { MemoryStorage } from './storage/memory';

/** Options of a factory that takes none. */
export type NoOptions = Record<never, never>;

const nonNegInt = z.number().int().nonnegative();
const percentileFields = {
  startupTrials: nonNegInt.optional(),
  warmupSteps: nonNegInt.optional(),
  intervalSteps: z.number().int().positive().optional(),
  window: z.number().int().positive().optional(),
};
const paramValue = z.union([z.string(), z.number(), z.boolean()]);

/** Every factory of this package, keyed by registry id. */
export const studyPlugin = definePlugin({
  name: '@metatune/study',
  version: '0.1.0',
  provides: {
    'sampler:random': provide(z.strictObject({}), (): Sampler => new RandomSampler(), 'independent uniform sampling from the study seed'),
    'sampler:grid': provide(
      z.strictObject({ values: z.record(z.string(), z.array(paramValue)).optional(), maxPoints: z.number().int().positive().optional() }),
      (o): Sampler => new GridSampler(o),
      'exhaustive grid, shared by workers without repeats',
    ),
    'pruner:median': provide(z.strictObject(percentileFields), (o): Pruner => new MedianPruner(o), 'prune below the median of completed trials at the same step'),
    'pruner:percentile': provide(z.strictObject({ ...percentileFields, percentile: z.number().min(0).max(100).optional() }), (o): Pruner => new PercentilePruner(o), 'prune below a percentile of completed trials'),
    'pruner:successive-halving': provide(
      z.strictObject({ minResource: z.number().positive().optional(), reductionFactor: z.number().min(2).optional(), minEarlyStoppingRate: nonNegInt.optional(), bootstrapCount: nonNegInt.optional() }),
      (o): Pruner => new SuccessiveHalvingPruner(o),
      'asynchronous successive halving (ASHA)',
    ),
    'pruner:hyperband': provide(
      z.strictObject({ minResource: z.number().positive().optional(), maxResource: z.number().positive(), reductionFactor: z.number().min(2).optional() }),
      (o): Pruner => new HyperbandPruner(o),
      'Hyperband over ASHA brackets',
    ),
    'storage:memory': provide(z.strictObject({}), (): Storage => new MemoryStorage(), 'in-process storage, nothing persisted'),
  },
});

/** Registers this package's samplers, pruners and memory storage (into the process-wide registry by default). */
export function registerStudy(registry: Registry = globalRegistry()): Registry {
  return registry.register(studyPlugin);
}

declare module '@metatune/core' {
  interface PluginRegistry {
    'sampler:random': PluginEntry<NoOptions, Sampler>;
    'sampler:grid': PluginEntry<GridSamplerOptions, Sampler>;
    'pruner:median': PluginEntry<Omit<PercentilePrunerOptions, 'percentile'>, Pruner>;
    'pruner:percentile': PluginEntry<PercentilePrunerOptions, Pruner>;
    'pruner:successive-halving': PluginEntry<SuccessiveHalvingOptions, Pruner>;
    'pruner:hyperband': PluginEntry<HyperbandOptions, Pruner>;
    'storage:memory': PluginEntry<NoOptions, Storage>;
  }
}
