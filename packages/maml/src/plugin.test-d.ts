import { expectTypeOf, test } from 'vitest';
import { createRegistry } from '@metatune/core';
import type { MamlLearner } from './learner';
import { mamlPlugin } from './index';

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
