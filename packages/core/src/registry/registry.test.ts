import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { MetatuneError } from '../errors';
import { definePlugin, provide } from './define';
import { createRegistry, globalRegistry } from './registry';

interface Greeter {
  greet(name: string): string;
}

const plugin = definePlugin({
  name: 'test-plugin',
  version: '1.0.0',
  provides: {
    'reporter:greeter': provide(
      z.object({ greeting: z.string().default('hello'), times: z.number().int().positive().default(1) }),
      (o): Greeter => ({ greet: (name) => Array(o.times).fill(`${o.greeting} ${name}`).join(' ') }),
      'greets people',
    ),
  } as never,
});

describe('Registry', () => {
  it('creates a plugin with validated options and filled defaults', () => {
    const registry = createRegistry().register(plugin);
    const g = registry.createUnchecked('reporter:greeter', { times: 2 }) as Greeter;
    expect(g.greet('ada')).toBe('hello ada hello ada');
    expect(registry.list('reporter')).toEqual([
      { id: 'reporter:greeter', kind: 'reporter', plugin: 'test-plugin', version: '1.0.0', description: 'greets people' },
    ]);
    expect(registry.list('sampler')).toEqual([]);
  });

  it('names the registered ids of that kind when an id is unknown', () => {
    const registry = createRegistry().register(plugin);
    expect(() => registry.createUnchecked('reporter:shouter')).toThrow(/no plugin "reporter:shouter".*registered reporters: reporter:greeter/);
  });

  it('names the path and the problem for bad options', () => {
    const registry = createRegistry().register(plugin);
    try {
      registry.createUnchecked('reporter:greeter', { times: -1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MetatuneError);
      expect((error as MetatuneError).code).toBe('INVALID_OPTIONS');
      expect((error as Error).message).toMatch(/times: .*(>0|positive|greater)/i);
    }
  });

  it('rejects a second plugin providing the same id, but accepts re-registering the same plugin', () => {
    const registry = createRegistry().register(plugin).register(plugin);
    const other = definePlugin({ name: 'other', version: '0.1.0', provides: { 'reporter:greeter': plugin.provides['reporter:greeter' as never] } as never });
    expect(() => registry.register(other)).toThrow(/already provided by test-plugin@1.0.0/);
  });

  it('rejects ids that are not <kind>:<name>', () => {
    expect(() => definePlugin({ name: 'x', version: '1', provides: { 'widget:a': plugin.provides['reporter:greeter' as never] } as never })).toThrow(/not "<kind>:<name>"/);
    expect(() => definePlugin({ name: '', version: '1', provides: {} })).toThrow(/non-empty name/);
  });

  it('keeps one global registry per process on globalThis', () => {
    const a = globalRegistry();
    expect(globalRegistry()).toBe(a);
    expect((globalThis as unknown as Record<symbol, unknown>)[Symbol.for('metatune.registry')]).toBe(a);
  });
});
