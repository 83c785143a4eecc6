import { describe, expectTypeOf, it } from 'vitest';
import { createRegistry, type PluginOptions, type Pruner, type Sampler, type Storage } from '@metatune/core';
import { studyPlugin } from './plugin';
import type { HyperbandOptions } from './pruners/hyperband';

describe('study registry types', () => {
  const registry = createRegistry().register(studyPlugin);

  it('types instances and options from ids', () => {
    expectTypeOf(registry.create('sampler:grid', { values: { x: [1, 2] } })).toEqualTypeOf<Sampler>();
    expectTypeOf(registry.create('pruner:hyperband', { maxResource: 27 })).toEqualTypeOf<Pruner>();
    expectTypeOf(registry.create('storage:memory')).toEqualTypeOf<Storage>();
    expectTypeOf<PluginOptions<'pruner:hyperband'>>().toEqualTypeOf<HyperbandOptions>();
  });

  it('rejects wrong options at compile time', () => {
    // @ts-expect-error maxResource is required
    registry.create('pruner:hyperband', {});
    // @ts-expect-error percentile is a number
    registry.create('pruner:percentile', { percentile: 'high' });
  });
});
