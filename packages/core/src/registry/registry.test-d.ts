import { z } from 'zod';
import { describe, expectTypeOf, it } from 'vitest';
import type { PluginEntry } from './types';
import { definePlugin, provide } from './define';
import { createRegistry } from './registry';

interface Counter {
  count(): number;
}

declare module '@metatune/core' {
  interface PluginRegistry {
    'sampler:type-test-counter': PluginEntry<{ start?: number; step: number }, Counter>;
  }
}

const counterPlugin = definePlugin({
  name: 'type-test',
  version: '1.0.0',
  provides: {
    'sampler:type-test-counter': provide(z.object({ start: z.number().default(0), step: z.number() }), (o) => {
      let n = o.start;
      return { count: () => (n += o.step) };
    }),
  },
});

describe('registry types', () => {
  const registry = createRegistry().register(counterPlugin);

  it('types the instance from the id', () => {
    expectTypeOf(registry.create('sampler:type-test-counter', { step: 2 })).toEqualTypeOf<Counter>();
  });

  it('rejects a wrong option type, a missing option and an unknown name at compile time', () => {
    // @ts-expect-error step must be a number
    registry.create('sampler:type-test-counter', { step: 'two' });
    // @ts-expect-error step is required
    registry.create('sampler:type-test-counter', {});
    // @ts-expect-error no such plugin id
    registry.create('sampler:no-such-plugin', {});
  });

  it('rejects a provider whose schema does not match the registry entry', () => {
    definePlugin({
      name: 'bad',
      version: '1.0.0',
      provides: {
        // @ts-expect-error the schema's input has step: string, the entry says number
        'sampler:type-test-counter': provide(z.object({ step: z.string() }), () => ({ count: () => 0 })),
      },
    });
  });
});
