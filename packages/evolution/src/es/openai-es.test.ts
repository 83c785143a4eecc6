import { describe, expect, it } from 'vitest';
import { Rng, makeKey } from '@metatune/core';
import { OpenAIES, OpenAIESEstimator } from './openai-es';
import { centeredRanks } from './fitness-shaping';

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
};

describe('OpenAIESEstimator', () => {
  // f(x) = 1/2 x^T A x + b^T x with a random SPD A in 20-D; grad = A x + b.
  const d = 20;
  const rng = new Rng(makeKey(11));
  const G = Array.from({ length: d }, () => Float64Array.from({ length: d }, () => rng.normal()));
  const A = G.map((row, i) => Float64Array.from({ length: d }, (_, j) => row.reduce((s, _v, k) => s + G[i][k] * G[j][k], 0) / d + (i === j ? 1 : 0)));
  const b = Float64Array.from({ length: d }, () => rng.normal());
  const f = (x: Float64Array) => {
    let s = 0;
    for (let i = 0; i < d; i++) s += b[i] * x[i] + 0.5 * x[i] * A[i].reduce((t, a, j) => t + a * x[j], 0);
    return s;
  };
  const theta = Float64Array.from({ length: d }, (_, i) => Math.cos(i));
  const trueGrad = Float64Array.from({ length: d }, (_, i) => b[i] + A[i].reduce((t, a, j) => t + a * theta[j], 0));

  it('estimates the gradient of a quadratic (cosine > 0.9 with 400 pairs, error shrinks with more pairs)', async () => {
    const few = await new OpenAIESEstimator({ pairs: 25, sigma: 0.05 }).estimate(theta, (xs) => xs.map(f), makeKey(1));
    const many = await new OpenAIESEstimator({ pairs: 400, sigma: 0.05 }).estimate(theta, (xs) => xs.map(f), makeKey(1));
    expect(cosine(many.gradient, trueGrad)).toBeGreaterThan(0.9);
    expect(cosine(many.gradient, trueGrad)).toBeGreaterThan(cosine(few.gradient, trueGrad));
    expect(many.meanLoss).toBeCloseTo(f(theta), 0);
  });

  it('centred-rank shaping keeps the direction and accepts an async objective', async () => {
    const est = new OpenAIESEstimator({ pairs: 400, sigma: 0.05, shaping: 'centered-rank' });
    const { gradient } = await est.estimate(theta, async (xs) => xs.map(f), makeKey(2));
    expect(cosine(gradient, trueGrad)).toBeGreaterThan(0.8);
  });

  it('rejects non-finite losses and a wrong number of losses', async () => {
    const est = new OpenAIESEstimator({ pairs: 2 });
    await expect(est.estimate(theta, (xs) => xs.map(() => Number.NaN), makeKey(0))).rejects.toThrow(/not finite/);
    await expect(est.estimate(theta, () => [1], makeKey(0))).rejects.toThrow(/1 losses for 4/);
    expect(() => new OpenAIESEstimator({ sigma: -1 })).toThrow(/sigma/);
  });
});

describe('centeredRanks', () => {
  it('maps ranks onto [-0.5, 0.5] and averages ties', () => {
    expect(Array.from(centeredRanks([3, 1, 2]))).toEqual([0.5, -0.5, 0]);
    expect(Array.from(centeredRanks([1, 1, 5]))).toEqual([-0.25, -0.25, 0.5]);
  });
});

describe('OpenAIES optimizer', () => {
  it('minimises a shifted 10-D sphere with Adam and is deterministic', () => {
    const run = () => {
      const es = new OpenAIES({ mean: new Float64Array(10), sigma: 0.1, pairs: 10, learningRate: 0.05, seed: 3 });
      for (let g = 0; g < 300; g++) {
        const xs = es.ask();
        es.tell(xs, xs.map((x) => x.reduce((s, v, i) => s + (v - 1 - 0.1 * i) ** 2, 0)));
      }
      return es;
    };
    const a = run();
    expect(a.best!.f).toBeLessThan(0.05);
    expect(run().mean).toEqual(a.mean);
  });

  it('keeps candidates in the bounds and ranks NaN worst', () => {
    const es = new OpenAIES({ mean: [0.9, 0.1], sigma: 0.5, pairs: 4, bounds: [[0, 1], [0, 1]], seed: 0 });
    for (let g = 0; g < 10; g++) {
      const xs = es.ask();
      for (const x of xs) x.forEach((v) => expect(v >= 0 && v <= 1).toBe(true));
      es.tell(xs, xs.map((x, i) => (i === 0 ? Number.NaN : x[0])));
    }
    expect(es.nanCount).toBe(10);
    expect(es.mean[0]).toBeLessThan(0.9);
  });
});
