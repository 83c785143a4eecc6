import { expectTypeOf, test } from 'vitest';
import { createRegistry } from '@metatune/core';
import { reptilePlugin, type ContinualLearner } from '../index';

test('registry.create is typed by the metaLearner:mer entry', () => {
  const registry = createRegistry().register(reptilePlugin);
  expectTypeOf(registry.create('metaLearner:mer', { model: { type: 'mlp', sizes: [196, 100, 100, 10] }, beta: 0.3 })).toEqualTypeOf<ContinualLearner>();
  // @ts-expect-error the model is required
  registry.create('metaLearner:mer', { beta: 0.3 });
  // @ts-expect-error memory is a number
  registry.create('metaLearner:mer', { model: { type: 'mlp', sizes: [4, 2] }, memory: 'large' });
});
