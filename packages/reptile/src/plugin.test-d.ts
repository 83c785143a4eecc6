import { expectTypeOf, test } from 'vitest';
import { createRegistry } from '@metatune/core';
import type { ReptileLearner } from './reptile/learner';
import { reptilePlugin } from './index';

test('registry.create is typed by the reptile entry', () => {
  const registry = createRegistry().register(reptilePlugin);
  expectTypeOf(registry.create('metaLearner:reptile', { model: { type: 'mlp', sizes: [1, 64, 64, 1], activation: 'tanh' } })).toEqualTypeOf<ReptileLearner>();
  // @ts-expect-error the model is required
  registry.create('metaLearner:reptile', {});
  // @ts-expect-error innerSteps is a number
  registry.create('metaLearner:reptile', { model: { type: 'mlp', sizes: [1, 4, 1] }, innerSteps: 'five' });
  // @ts-expect-error unknown model type
  registry.create('metaLearner:reptile', { model: { type: 'resnet', sizes: [1] } });
});
