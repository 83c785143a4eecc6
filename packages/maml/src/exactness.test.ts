import { flattenParams, makeKey, nn, tf, unflattenParams, type Params } from '@metatune/core';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, useBackend } from '../../core/src/testing/backends';
import { createMamlLearner } from './learner';
import type { MamlOptions } from './options';
import { disposeBatch, sineBatch } from './test-helpers';

// tanh keeps the objective smooth for finite differences (relu's kinks would need tiny steps).
const model = nn.mlp([1, 6, 1], { activation: 'tanh' });

/**
 * Central 5-point finite difference of the meta-objective along random unit directions,
 * against the directional derivative of the learner's meta-gradient.
 */
function compare(options: MamlOptions, directions = 3) {
  const learner = createMamlLearner(options);
  const state = learner.init(makeKey(3));
  const batch = sineBatch(makeKey(4), 3, 4);
  const theta = state.theta as unknown as Params;
  const flat = flattenParams(theta);
  const objective = (v: Float32Array): number =>
    tf.tidy(() => {
      const probe = { ...state, theta: unflattenParams(v, theta) as unknown as typeof state.theta };
      const { loss } = learner.metaGradient(probe, batch);
      return loss.dataSync()[0];
    });
  const { grads } = learner.metaGradient(state, batch);
  const g = Float32Array.from(flattenParams(grads as unknown as Params).dataSync());
  const x = Float32Array.from(flat.dataSync());
  const results: { analytic: number; numeric: number }[] = [];
  let seed = 17;
  for (let d = 0; d < directions; d++) {
    const dir = Float32Array.from(x, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5);
    const norm = Math.hypot(...dir);
    dir.forEach((v, i) => (dir[i] = v / norm));
    const eps = 1e-2;
    const at = (s: number) => objective(Float32Array.from(x, (xi, i) => xi + s * eps * dir[i]));
    const numeric = (-at(2) + 8 * at(1) - 8 * at(-1) + at(-2)) / (12 * eps);
    const analytic = g.reduce((sum, gi, i) => sum + gi * dir[i], 0);
    results.push({ analytic, numeric });
  }
  tf.dispose([flat]);
  learner.disposeState(state);
  disposeBatch(batch);
  return { results, gradient: Array.from(g) };
}

describe.each(TEST_BACKENDS)('meta-gradient exactness on %s', (backend) => {
  afterAll(() => useBackend('cpu'));

  it('second-order MAML with 2 inner steps matches finite differences of the post-adaptation query loss', async () => {
    await useBackend(backend);
    const { results } = compare({ model, innerSteps: 2, innerLr: 0.1 });
    for (const { analytic, numeric } of results) expect(Math.abs(analytic - numeric)).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
  });

  it('Meta-SGD: the gradient with respect to the learned rates matches too', async () => {
    await useBackend(backend);
    const { results } = compare({ model, innerSteps: 1, innerLr: 0.1, learnInnerLr: true });
    for (const { analytic, numeric } of results) expect(Math.abs(analytic - numeric)).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
  });

  it('ANIL (head adapted, body shared) matches finite differences', async () => {
    await useBackend(backend);
    const { results } = compare({ model, innerSteps: 2, innerLr: 0.1, adapt: ['layer1'] });
    for (const { analytic, numeric } of results) expect(Math.abs(analytic - numeric)).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
  });

  it('first-order MAML drops the second-order term: its gradient differs from the exact one', async () => {
    await useBackend(backend);
    const exact = compare({ model, innerSteps: 2, innerLr: 0.1 }, 1).gradient;
    const first = compare({ model, innerSteps: 2, innerLr: 0.1, firstOrder: true }, 1).gradient;
    const diff = Math.hypot(...exact.map((v, i) => v - first[i]));
    expect(diff).toBeGreaterThan(1e-3 * Math.hypot(...exact));
  });
});
