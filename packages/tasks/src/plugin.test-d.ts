import { expectTypeOf, test } from 'vitest';
import { type TaskDistribution, createRegistry } from '@metatune/core';
import type { FunctionHpoTask } from './index';
import type { EpisodeDistribution } from './fewshot/episodes';

test('registry ids and options of @metatune/tasks are type-checked', () => {
  const registry = createRegistry();
  expectTypeOf(registry.create('task:sinusoid', { shots: 5 })).toEqualTypeOf<TaskDistribution>();
  expectTypeOf(registry.create('task:omniglot', { ways: 5, rotations: true })).toEqualTypeOf<EpisodeDistribution>();
  expectTypeOf(registry.create('task:branin')).toEqualTypeOf<FunctionHpoTask>();
  // @ts-expect-error shots is a number
  registry.create('task:sinusoid', { shots: '5' });
  // @ts-expect-error unknown option
  registry.create('task:omniglot', { way: 5 });
  // @ts-expect-error base must name a benchmark function
  registry.create('task:function-family', { base: 'nope' });
  // @ts-expect-error MAML order is 1 or 2
  registry.create('task:maml-sine', { order: 3 });
  // @ts-expect-error the family needs a base
  registry.create('task:function-family', {});
});
