import { describe, expectTypeOf, it } from 'vitest';
import { type PluginOptions, type Sampler, createRegistry } from '@metatune/core';
import { evolutionPlugin } from './plugin';
import type { CmaesSamplerOptions } from './sampler/samplers';

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
