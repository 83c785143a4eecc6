import { describe, expectTypeOf, it } from 'vitest';
import { createRegistry } from '@metatune/core';
import { backendsPlugin, type BackendHandle } from './index';

describe('backend plugin types', () => {
  const registry = createRegistry().register(backendsPlugin);

  it('types the handle from the id', () => {
    expectTypeOf(registry.create('backend:wasm', { threads: 4 })).toEqualTypeOf<BackendHandle>();
    expectTypeOf(registry.create('backend:cpu')).toEqualTypeOf<BackendHandle>();
  });

  it('rejects wrong options at compile time', () => {
    // @ts-expect-error threads is a number
    registry.create('backend:wasm', { threads: 'four' });
    // @ts-expect-error wasmPaths as a map needs all three files
    registry.create('backend:wasm', { wasmPaths: { 'tfjs-backend-wasm.wasm': '/a.wasm' } });
    // @ts-expect-error cpu takes no options
    registry.create('backend:cpu', { threads: 2 });
    // @ts-expect-error no such backend
    registry.create('backend:tpu', {});
  });
});
