import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistry, MetatuneError } from '@metatune/core';
import { backendsPlugin, registerBackends } from './plugin';

describe('backendsPlugin', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('registers one backend factory per backend name', () => {
    const registry = registerBackends(createRegistry());
    expect(registry.list('backend').map((e) => e.id)).toEqual([
      'backend:auto',
      'backend:cpu',
      'backend:node',
      'backend:node-gpu',
      'backend:wasm',
      'backend:webgl',
      'backend:webgpu',
    ]);
    expect(registry.list('backend').every((e) => e.plugin === '@metatune/backends')).toBe(true);
  });

  it('creates a handle whose init() starts the backend', async () => {
    const registry = createRegistry().register(backendsPlugin);
    const cpu = registry.create('backend:cpu');
    expect(cpu.name).toBe('cpu');
    expect(await cpu.init()).toMatchObject({ name: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    const wasm = registry.createUnchecked('backend:wasm', {}) as ReturnType<typeof registry.create<'backend:wasm'>>;
    expect(await wasm.init()).toMatchObject({ name: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('validates options from config files at run time', () => {
    const registry = createRegistry().register(backendsPlugin);
    const bad = (id: string, options: unknown) => {
      try {
        registry.createUnchecked(id, options);
      } catch (error) {
        expect(error).toBeInstanceOf(MetatuneError);
        return error as MetatuneError;
      }
      throw new Error('expected INVALID_OPTIONS');
    };
    expect(bad('backend:wasm', { threads: 1.5 }).message).toMatch(/threads/);
    expect(bad('backend:wasm', { wasmPaths: { 'tfjs-backend-wasm.wasm': '/a.wasm' } }).message).toMatch(/wasmPaths/);
    expect(bad('backend:cpu', { threads: 2 }).code).toBe('INVALID_OPTIONS');
    expect(registry.createUnchecked('backend:wasm', { threads: 4, wasmPaths: '/tfjs-wasm/' })).toMatchObject({ name: 'wasm', options: { threads: 4, wasmPaths: '/tfjs-wasm/' } });
  });

  it('names the registered backends when asked for an unknown one', () => {
    const registry = registerBackends(createRegistry());
    expect(() => registry.createUnchecked('backend:tpu')).toThrow(/registered backends: backend:auto, backend:cpu/);
  });
});
