import { makeKey } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { defaultPriors, fitGp, hyperToTheta, negLogPosterior, pairwiseSqDiffs, thetaToHyper } from './fit';
import { matern52 } from './kernel';
import { GpModel } from './model';

function data(n: number, d: number, seed: number): { X: Float64Array; y: Float64Array } {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const X = Float64Array.from({ length: n * d }, rand);
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * X[i * d]) + (d > 1 ? X[i * d + 1] ** 2 : 0) + 0.05 * (rand() - 0.5));
  return { X, y };
}

describe('GP marginal likelihood', () => {
  it('has an analytic gradient that matches central finite differences', () => {
    const d = 3;
    const { X, y } = data(12, d, 7);
    const D = pairwiseSqDiffs(X, 12, d);
    const priors = defaultPriors(d);
    const theta = Float64Array.from([-1.1, -0.3, 0.4, 0.2, -3.5, 0.1]);
    const { grad } = negLogPosterior(theta, D, y, d, priors);
    for (let j = 0; j < theta.length; j++) {
      const h = 1e-6;
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[j] += h;
      tm[j] -= h;
      const fd = (negLogPosterior(tp, D, y, d, priors).value - negLogPosterior(tm, D, y, d, priors).value) / (2 * h);
      expect(grad[j]).toBeCloseTo(fd, 5);
    }
  });

  it('equals the closed-form log marginal likelihood of a 1-point GP plus the priors', () => {
    const d = 1;
    const priors = defaultPriors(d);
    const theta = Float64Array.from([0.3, Math.log(1.5), Math.log(0.1), 0.2]);
    const { value } = negLogPosterior(theta, new Float64Array(0), Float64Array.from([1.2]), d, priors);
    const v = 1.5 + 0.1;
    const nll = 0.5 * (1.2 - 0.2) ** 2 / v + 0.5 * Math.log(v) + 0.5 * Math.log(2 * Math.PI);
    const prior =
      0.5 * ((0.3 - (priors.lengthscaleLoc as number)) / priors.lengthscaleScale) ** 2 +
      0.5 * (Math.log(1.5) / priors.outputscaleScale) ** 2 +
      0.5 * ((Math.log(0.1) - priors.noiseLoc) / priors.noiseScale) ** 2 +
      0.5 * 0.2 ** 2;
    expect(value).toBeCloseTo(nll + prior, 12);
  });

  it('round-trips hyperparameters through theta', () => {
    const h = thetaToHyper([0.1, -0.2, 0.3, -4, 0.5], 2);
    expect(Array.from(hyperToTheta(h))).toEqual([0.1, -0.2, 0.3, -4, 0.5].map((v) => expect.closeTo(v, 14)));
  });
});

describe('GpModel', () => {
  it('gives the closed-form posterior of a 1-point GP', () => {
    const hyper = { lengthscales: Float64Array.from([0.5]), outputscale: 2, noise: 0.1, mean: 0.3 };
    const gp = new GpModel(Float64Array.from([0.2]), Float64Array.from([1.5]), 1, hyper);
    const xs = Float64Array.from([0.2, 0.7, 3]);
    const post = gp.predict(xs, 3);
    xs.forEach((x, i) => {
      const k = 2 * matern52(Math.abs(x - 0.2) / 0.5);
      expect(post.mean[i]).toBeCloseTo(0.3 + (k / 2.1) * (1.5 - 0.3), 12);
      expect(post.variance[i]).toBeCloseTo(2 - (k * k) / 2.1, 12);
    });
  });

  it('fits by MAP and interpolates a smooth function', () => {
    const d = 2;
    const { X, y } = data(30, d, 3);
    const gp = fitGp(X, y, d, { key: makeKey(0) });
    const test = data(20, d, 99);
    const post = gp.predict(test.X, 20);
    let err = 0;
    let tot = 0;
    const mean = test.y.reduce((a, b) => a + b, 0) / 20;
    for (let i = 0; i < 20; i++) {
      err += (post.mean[i] - test.y[i]) ** 2;
      tot += (test.y[i] - mean) ** 2;
    }
    expect(err / tot).toBeLessThan(0.1);
    // x1 enters quadratically and x0 through sin(6 x0): x0 needs the shorter length scale.
    expect(gp.hyper.lengthscales[0]).toBeLessThan(gp.hyper.lengthscales[1]);
  });

  it('handles duplicate points and identical outputs', () => {
    const X = Float64Array.from([0.5, 0.5, 0.5, 0.5, 0.1, 0.9]);
    const y = Float64Array.from([0, 0, 0]);
    const gp = fitGp(X, y, 2, { key: makeKey(1) });
    const p = gp.predict(Float64Array.from([0.5, 0.5]), 1);
    expect(Number.isFinite(p.mean[0])).toBe(true);
    expect(p.variance[0]).toBeGreaterThan(0);
  });
});
