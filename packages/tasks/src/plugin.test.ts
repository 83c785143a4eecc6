// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, makeKey, tf } from '@metatune/core';
import { registerTasks, tasksPlugin } from './plugin';

beforeAll(() => useBackend('cpu'));

describe('tasks plugin', () => {
  it('creates every family by id with validated options', () => {
    const registry = registerTasks(createRegistry());
    expect(registry.list('task').map((e) => e.id)).toEqual(Object.keys(tasksPlugin.provides).sort());
    const sines = registry.create('task:sinusoid', { shots: 5 });
    const batch = sines.sampleBatch(makeKey(0), 2);
    expect(batch.support.x.shape).toEqual([2, 5, 1]);
    tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
    const branin = registry.create('task:branin');
    expect(branin.objective({ x0: Math.PI, x1: 2.275 })).toBeCloseTo(0.397887, 5);
    expect(registry.create('task:rastrigin', { dimension: 7 }).function.dimension).toBe(7);
    expect(registry.create('task:function-family', { base: 'hartmann6' }).sample(makeKey(0)).dimension).toBe(6);
    expect(registry.create('task:omniglot', { ways: 20, rotations: true }).outputSize).toBe(20);
    expect(Object.keys(registry.create('task:maml-sine', { metaIterations: 1 }).space)).toEqual(['innerLr', 'innerSteps', 'outerLr']);
    expect(Object.keys(registry.create('task:sgd-mlp-omniglot', { ways: 5 }).space)).toEqual(['lr', 'momentum', 'weightDecay', 'batchSize']);
  });

  it('rejects bad options at run time, naming the path', () => {
    const registry = registerTasks(createRegistry());
    expect(() => registry.createUnchecked('task:sinusoid', { shots: -1 })).toThrow(/bad options for "task:sinusoid": shots/);
    expect(() => registry.createUnchecked('task:omniglot', { way: 5 })).toThrow(/INVALID_OPTIONS|bad options/);
    expect(() => registry.createUnchecked('task:function-family', { base: 'nope' })).toThrow(/base/);
    expect(() => registry.createUnchecked('task:branin', { dimension: 3 })).toThrow(/branin is not defined in dimension 3/);
  });
});
