/**
 * The registry entries of @metatune/evolution: `sampler:cmaes`, `sampler:de`, `sampler:pso`,
 * `sampler:ga` and `sampler:es`, with zod-validated options.
 */
import { z } from 'zod';
import { type PluginEntry, type Registry, type Sampler, definePlugin, globalRegistry, provide } from '@metatune/core';
import {
  type CmaesSamplerOptions,
  type DeSamplerOptions,
  type EsSamplerOptions,
  type GaSamplerOptions,
  type PsoSamplerOptions,
  cmaesSampler,
  deSampler,
  esSampler,
  gaSampler,
  psoSampler,
} from './sampler/samplers';

/** The version written into the plugin record. */
export const EVOLUTION_VERSION = '0.1.0';

const seed = z.number().int().optional();
const popSize = z.number().int().min(2).optional();

const cmaesSchema = z.strictObject({
  seed,
  sigma: z.number().positive().optional(),
  x0: z.union([z.enum(['centre', 'random']), z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]))]).optional(),
  populationSize: popSize,
  diagonal: z.boolean().optional(),
  restart: z.enum(['none', 'ipop', 'bipop']).optional(),
  withMargin: z.boolean().optional(),
  sampling: z.enum(['mirrored-orthogonal', 'independent']).optional(),
  warmStartGamma: z.number().positive().max(1).optional(),
  warmStartAlpha: z.number().positive().optional(),
});
const deSchema = z.strictObject({
  seed,
  strategy: z.enum(['current-to-pbest1', 'rand1bin']).optional(),
  populationSize: z.number().int().min(4).optional(),
  F: z.number().positive().max(2).optional(),
  CR: z.number().min(0).max(1).optional(),
});
const psoSchema = z.strictObject({
  seed,
  populationSize: popSize,
  variant: z.enum(['inertia', 'constriction']).optional(),
  topology: z.enum(['global', 'ring']).optional(),
});
const gaSchema = z.strictObject({
  seed,
  populationSize: popSize,
  crossover: z.enum(['sbx', 'uniform']).optional(),
  mutationProb: z.number().min(0).max(1).optional(),
  elites: z.number().int().nonnegative().optional(),
  tournamentSize: z.number().int().positive().optional(),
});
const esSchema = z.strictObject({
  seed,
  pairs: z.number().int().positive().optional(),
  sigma: z.number().positive().optional(),
  learningRate: z.number().positive().optional(),
});

/** Every factory of this package, keyed by registry id. */
export const evolutionPlugin = definePlugin({
  name: '@metatune/evolution',
  version: EVOLUTION_VERSION,
  provides: {
    'sampler:cmaes': provide(cmaesSchema, (o): Sampler => cmaesSampler(o), 'CMA-ES (full or separable, IPOP/BIPOP restarts, integer margin, WS-CMA-ES warm start)'),
    'sampler:de': provide(deSchema, (o): Sampler => deSampler(o), 'differential evolution (JADE current-to-pbest/1 or rand/1/bin)'),
    'sampler:pso': provide(psoSchema, (o): Sampler => psoSampler(o), 'particle swarm (inertia or constriction, global or ring topology)'),
    'sampler:ga': provide(gaSchema, (o): Sampler => gaSampler(o), 'genetic algorithm for mixed spaces (tournament, SBX/uniform, polynomial/categorical mutation, elitism)'),
    'sampler:es': provide(esSchema, (o): Sampler => esSampler(o), 'OpenAI-ES (antithetic, centred ranks, Adam)'),
  },
});

/** Registers the five samplers (into the process-wide registry by default). */
export function registerEvolution(registry: Registry = globalRegistry()): Registry {
  return registry.register(evolutionPlugin);
}

declare module '@metatune/core' {
  interface PluginRegistry {
    'sampler:cmaes': PluginEntry<CmaesSamplerOptions, Sampler>;
    'sampler:de': PluginEntry<DeSamplerOptions, Sampler>;
    'sampler:pso': PluginEntry<PsoSamplerOptions, Sampler>;
    'sampler:ga': PluginEntry<GaSamplerOptions, Sampler>;
    'sampler:es': PluginEntry<EsSamplerOptions, Sampler>;
  }
}
