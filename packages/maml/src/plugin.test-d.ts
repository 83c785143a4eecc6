import { expectTypeOf, test } from 'vitest';
import { type PluginEntry, createRegistry } from '@metatune/core';
import type { MamlLearner } from './learner';
import type { MamlPluginOptions } from './plugin';
import { mamlPlugin } from './plugin';

// Same workaround as @metatune/tasks and @metatune/bayesopt: in the repository's combined
// type-test program the augmentation must also target core's registry types file directly.
declare module '../../core/src/registry/types' {
  interface PluginRegistry {
    'metaLearner:maml': PluginEntry<MamlPluginOptions, MamlLearner>;
    'metaLearner:fomaml': PluginEntry<MamlPluginOptions, MamlLearner>;
    'metaLearner:anil': PluginEntry<MamlPluginOptions, MamlLearner>;
    'metaLearner:meta-sgd': PluginEntry<MamlPluginOptions, MamlLearner>;
  }
}

test('registry.create is typed by the maml entries', () => {
  const registry = createRegistry().register(mamlPlugin);
  expectTypeOf(registry.create('metaLearner:maml', { model: { type: 'mlp', sizes: [1, 40, 40, 1] } })).toEqualTypeOf<MamlLearner>();
  // @ts-expect-error the model is required
  registry.create('metaLearner:fomaml', {});
  // @ts-expect-error innerSteps is a number
  registry.create('metaLearner:anil', { model: { type: 'mlp', sizes: [1, 4, 1] }, innerSteps: 'two' });
  // @ts-expect-error unknown model type
  registry.create('metaLearner:meta-sgd', { model: { type: 'resnet', sizes: [1] } });
});
