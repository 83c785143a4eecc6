import { type PluginEntry, type PluginInstance, type PluginOptions, type Sampler, createRegistry } from '@metatune/core';
import { describe, expectTypeOf, it } from 'vitest';
import { type GpSamplerOptions, type TpeSamplerOptions, registerBayesopt } from './index';

// plugin.ts augments '@metatune/core', which is what users (on the built, single-file types) see.
// In the repository's type-test program, core's own registry.test-d.ts augments
// 'core/src/registry/types' directly, and TypeScript then drops augmentations made through the
// re-exporting index (reported to the lead). Repeating the entries here on the same path keeps
// this test meaningful in that program: TypeScript requires the repeated property types to be
// identical to the ones in plugin.ts wherever both apply (TS2717 otherwise).
declare module '../../core/src/registry/types' {
  interface PluginRegistry {
    'sampler:gp': PluginEntry<GpSamplerOptions, Sampler>;
    'sampler:tpe': PluginEntry<TpeSamplerOptions, Sampler>;
  }
}

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
