import { describe, expect, it } from 'vitest';
import { createRegistry } from '@metatune/core';
import { studyPlugin } from './plugin';
import { GridSampler } from './samplers/grid';
import { MemoryStorage } from './storage/memory';

describe('study plugin', () => {
  it('creates samplers, pruners and the memory storage by id, validating options', () => {
    const registry = createRegistry().register(studyPlugin);
    expect(registry.list('pruner').map((p) => p.id)).toEqual(['pruner:hyperband', 'pruner:median', 'pruner:percentile', 'pruner:successive-halving']);
    expect(registry.createUnchecked('sampler:grid', { values: { x: [1] } })).toBeInstanceOf(GridSampler);
    expect(registry.createUnchecked('storage:memory')).toBeInstanceOf(MemoryStorage);
    expect(() => registry.createUnchecked('pruner:hyperband', { maxResource: 'lots' })).toThrow(/maxResource/);
    expect(() => registry.createUnchecked('pruner:percentile', { percentile: 150 })).toThrow(/percentile/);
  });
});
