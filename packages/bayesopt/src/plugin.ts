/**
 * The registry entries of @metatune/bayesopt: `sampler:gp` and `sampler:tpe`, with zod-validated
 * options.
 */
import { z } from 'zod';
import { type PluginEntry, type Registry, type Sampler, definePlugin, globalRegistry, provide } from '@metatune/core';
import { GpSampler, type GpSamplerOptions } from './gp/sampler';
import { TpeSampler, type TpeSamplerOptions } from './tpe/sampler';

/** The version written into the plugin record. */
export const BAYESOPT_VERSION = '0.1.0';

const positiveInt = z.number().int().positive();

const gpSchema = z.strictObject({
  acquisition: z.enum(['logEI', 'EI', 'PI', 'UCB']).optional(),
  nInitial: positiveInt.optional(),
  seed: z.number().int().optional(),
  maxObservations: z.number().int().min(2).optional(),
  maxFitObservations: z.number().int().min(2).optional(),
  pendingStrategy: z.enum(['kriging-believer', 'constant-liar']).optional(),
  ucbBeta: z.number().positive().optional(),
  restarts: z.number().int().nonnegative().optional(),
  warmStartMethod: z.enum(['rgpe', 'seed', 'box']).optional(),
  outputTransform: z.enum(['standardize', 'power']).optional(),
  deterministicObjective: z.boolean().optional(),
  optimizer: z
    .strictObject({
      sweep: positiveInt.optional(),
      perIncumbent: z.number().int().nonnegative().optional(),
      localStarts: z.number().int().nonnegative().optional(),
      localSteps: z.number().int().nonnegative().optional(),
      localBatch: positiveInt.optional(),
    })
    .optional(),
});

const tpeSchema = z.strictObject({
  nStartupTrials: z.number().int().nonnegative().optional(),
  nEiCandidates: positiveInt.optional(),
  multivariate: z.boolean().optional(),
  priorWeight: z.number().positive().optional(),
  scoring: z.enum(['optuna31', 'normalized']).optional(),
});

/** Every factory of this package, keyed by registry id. */
export const bayesoptPlugin = definePlugin({
  name: '@metatune/bayesopt',
  version: BAYESOPT_VERSION,
  provides: {
    'sampler:gp': provide(gpSchema, (o): Sampler => new GpSampler(o), 'Gaussian-process Bayesian optimisation (Matern-5/2, log-EI, RGPE warm start)'),
    'sampler:tpe': provide(tpeSchema, (o): Sampler => new TpeSampler(o), 'tree-structured Parzen estimator (Optuna 3.1 defaults)'),
  },
});

/** Registers `sampler:gp` and `sampler:tpe` (into the process-wide registry by default). */
export function registerBayesopt(registry: Registry = globalRegistry()): Registry {
  return registry.register(bayesoptPlugin);
}

declare module '@metatune/core' {
  interface PluginRegistry {
    'sampler:gp': PluginEntry<GpSamplerOptions, Sampler>;
    'sampler:tpe': PluginEntry<TpeSamplerOptions, Sampler>;
  }
}
