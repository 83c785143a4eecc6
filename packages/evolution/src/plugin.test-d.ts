import { describe, expectTypeOf, it } from 'vitest';
import { type PluginEntry, type PluginOptions, type Sampler, createRegistry } from '@metatune/core';
import { evolutionPlugin } from './plugin';
import type { CmaesSamplerOptions, DeSamplerOptions, EsSamplerOptions, GaSamplerOptions, PsoSamplerOptions } from './sampler/samplers';

// plugin.ts augments '@metatune/core', which is what users (on the built types) see. In the
// repository's combined type-test program, core's registry.test-d.ts augments
// 'core/src/registry/types' directly and TypeScript then drops augmentations made through the
// re-exporting index; repeating the identical entries on that path keeps this test meaningful
// (the same workaround as @metatune/bayesopt and @metatune/tasks).
declare module '../../core/src/registry/types' {
  interface PluginRegistry {
    'sampler:cmaes': PluginEntry<CmaesSamplerOptions, Sampler>;
    'sampler:de': PluginEntry<DeSamplerOptions, Sampler>;
    'sampler:pso': PluginEntry<PsoSamplerOptions, Sampler>;
    'sampler:ga': PluginEntry<GaSamplerOptions, Sampler>;
    'sampler:es': PluginEntry<EsSamplerOptions, Sampler>;
  }
}

describe('evolution plugin types', () => {
  const registry = createRegistry().register(evolutionPlugin);

  it('types each sampler id and its options', () => {
    expectTypeOf<PluginOptions<'sampler:cmaes'>>().toEqualTypeOf<CmaesSamplerOptions>();
    expectTypeOf(registry.create('sampler:cmaes', { restart: 'ipop' })).toEqualTypeOf<Sampler>();
    expectTypeOf(registry.create('sampler:de', { strategy: 'rand1bin' })).toEqualTypeOf<Sampler>();
    expectTypeOf(registry.create('sampler:pso', { topology: 'ring' })).toEqualTypeOf<Sampler>();
    expectTypeOf(registry.create('sampler:ga', { crossover: 'uniform' })).toEqualTypeOf<Sampler>();
    expectTypeOf(registry.create('sampler:es', { pairs: 4 })).toEqualTypeOf<Sampler>();
  });

  it('rejects wrong options at compile time', () => {
    // @ts-expect-error unknown restart strategy
    registry.create('sampler:cmaes', { restart: 'lrpop' });
    // @ts-expect-error topology must be global or ring
    registry.create('sampler:pso', { topology: 'star' });
  });
});
