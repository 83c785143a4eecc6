import { type PluginInstance, type PluginOptions, type Sampler, createRegistry } from '@metatune/core';
import { describe, expectTypeOf, it } from 'vitest';
import { type GpSamplerOptions, type TpeSamplerOptions, registerBayesopt } from './index';

describe('bayesopt registry types', () => {
  it('types the options and instances of sampler:gp and sampler:tpe', () => {
    expectTypeOf<PluginOptions<'sampler:gp'>>().toEqualTypeOf<GpSamplerOptions>();
    expectTypeOf<PluginOptions<'sampler:tpe'>>().toEqualTypeOf<TpeSamplerOptions>();
    expectTypeOf<PluginInstance<'sampler:gp'>>().toEqualTypeOf<Sampler>();
    const registry = registerBayesopt(createRegistry());
    expectTypeOf(registry.create('sampler:gp', { acquisition: 'logEI' })).toEqualTypeOf<Sampler>();
    // @ts-expect-error: not an acquisition of sampler:gp
    registry.create('sampler:gp', { acquisition: 'EIX' });
    // @ts-expect-error: not an option of sampler:tpe
    registry.create('sampler:tpe', { nStartup: 3 });
  });
});
