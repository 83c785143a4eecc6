import { describe, expectTypeOf, it } from 'vitest';
import { createRegistry, type PluginEntry, type PluginOptions, type Pruner, type Sampler, type Storage } from '@metatune/core';
import { studyPlugin, type NoOptions } from './plugin';
import type { GridSamplerOptions } from './samplers/grid';
import type { PercentilePrunerOptions } from './pruners/percentile';
import type { SuccessiveHalvingOptions } from './pruners/successive-halving';
import type { HyperbandOptions } from './pruners/hyperband';
import type { SqliteStoragePluginOptions } from '@metatune/storage-sqlite';
import type { PostgresStoragePluginOptions } from '@metatune/storage-postgres';

// plugin.ts augments '@metatune/core' (what users of the built types see). In the repository's
// type-test program core's registry.test-d.ts augments the registry's source path directly and
// TypeScript then drops augmentations through the re-exporting index, so the entries are repeated
// here on that path (they must be identical to plugin.ts, TS2717 otherwise); see bayesopt.
declare module '../../core/src/registry/types' {
  interface PluginRegistry {
    'sampler:random': PluginEntry<NoOptions, Sampler>;
    'sampler:grid': PluginEntry<GridSamplerOptions, Sampler>;
    'pruner:median': PluginEntry<Omit<PercentilePrunerOptions, 'percentile'>, Pruner>;
    'pruner:percentile': PluginEntry<PercentilePrunerOptions, Pruner>;
    'pruner:successive-halving': PluginEntry<SuccessiveHalvingOptions, Pruner>;
    'pruner:hyperband': PluginEntry<HyperbandOptions, Pruner>;
    'storage:memory': PluginEntry<NoOptions, Storage>;
    'storage:sqlite': PluginEntry<SqliteStoragePluginOptions, Storage>;
    'storage:postgres': PluginEntry<PostgresStoragePluginOptions, Promise<Storage>>;
  }
}

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
