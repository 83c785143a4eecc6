import { Rng, makeKey } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { ParzenEstimator, univariateSigmas } from './parzen';

describe('ParzenEstimator', () => {
  it('is a normalised density on [0, 1] (truncated Gaussians)', () => {
    for (const multivariate of [false, true]) {
      const est = new ParzenEstimator([[0.02], [0.3], [0.31], [0.95]], ['numeric'], [1, 1, 0.5, 1], { multivariate });
      const m = 20000;
      const xs = Array.from({ length: m + 1 }, (_, i) => [i / m]);
      const p = est.logPdf(xs).map(Math.exp);
      let integral = 0;
      for (let i = 0; i < m; i++) integral += (p[i] + p[i + 1]) / (2 * m);
      expect(integral).toBeCloseTo(1, 4);
    }
  });

  it('has categorical probabilities that sum to 1 and favour observed choices', () => {
    const est = new ParzenEstimator([[2], [2], [0]], [3], [1, 1, 1]);
    const p = est.logPdf([[0], [1], [2]]).map(Math.exp);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
    expect(p[2]).toBeGreaterThan(p[0]);
    expect(p[0]).toBeGreaterThan(p[1]);
  });

  it('samples from its own density (mean of the samples)', () => {
    const est = new ParzenEstimator([[0.2], [0.25]], ['numeric'], [1, 1]);
    const rng = new Rng(makeKey(0));
    const s = est.sample(rng, 4000).map((x) => x[0]);
    s.forEach((x) => expect(x >= 0 && x <= 1).toBe(true));
    const m = 20000;
    let mean = 0;
    for (let i = 0; i <= m; i++) mean += (i / m) * Math.exp(est.logPdf([[i / m]])[0]) / m;
    expect(s.reduce((a, b) => a + b, 0) / s.length).toBeCloseTo(mean, 1);
  });

  it('uses the neighbour-gap bandwidths of Optuna 3.1', () => {
    // Sorted with the prior centre: 0.1, 0.2, 0.5 (prior), 0.9; ends use their inner gap; clip at 1 / min(100, n + 2) = 0.2.
    const s = univariateSigmas([0.9, 0.1, 0.2]);
    expect(s[1]).toBeCloseTo(0.2, 12); // gap 0.1 clipped up to 0.2
    expect(s[2]).toBeCloseTo(0.3, 12); // max(0.1, 0.3)
    expect(s[0]).toBeCloseTo(0.4, 12); // inner gap 0.9 - 0.5
  });

  it('scores candidates exactly as Optuna 3.1 does (values from its _ParzenEstimator.log_pdf)', () => {
    // Optuna 3.1, prior weight 1, magic clip, no endpoints, default weights; two floats on [0, 1]
    // and a categorical with 3 choices. Optuna's truncated-normal log pdf omits -log(sigma), which
    // is what bandwidthWeighted reproduces.
    const pts = [
      [0.1, 0.5, 2],
      [0.3, 0.02, 2],
      [0.35, 0.6, 0],
      [0.9, 0.61, 1],
    ];
    const xs = [
      [0.05, 0.5, 2],
      [0.32, 0.1, 1],
      [0.7, 0.9, 0],
    ];
    const optuna = {
      univariate: [-2.05097685556638, -2.557481582568169, -2.6938368074107624],
      multivariate: [-2.3244986182013694, -2.62327282601985, -2.7090072734918516],
    };
    for (const multivariate of [false, true]) {
      const est = new ParzenEstimator(pts, ['numeric', 'numeric', 3], [1, 1, 1, 1], { multivariate, bandwidthWeighted: true });
      const got = Array.from(est.logScore(xs));
      const want = multivariate ? optuna.multivariate : optuna.univariate;
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 10));
      // The normalised density differs from the score by the bandwidths, never by the sampling.
      const exact = new ParzenEstimator(pts, ['numeric', 'numeric', 3], [1, 1, 1, 1], { multivariate });
      expect(Array.from(exact.logScore(xs))).toEqual(Array.from(exact.logPdf(xs)));
      expect(Array.from(est.logPdf(xs))).toEqual(Array.from(exact.logPdf(xs)));
    }
  });
});
