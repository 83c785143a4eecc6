import { type PreviousStudy, makeKey } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { fitGp } from '../gp/fit';
import { GpModel } from '../gp/model';
import { FeatureMap } from '../space/features';
import { GpSampler, searchBox } from '../gp/sampler';
import { branin, braninSpace, BRANIN_MIN } from '../testing/functions';
import { runLoop } from '../testing/history';
import { ensemblePredict, leaveOneOut, rankingLoss, rgpeWeights } from './rgpe';

const grid = (n: number) => Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);

describe('RGPE', () => {
  it('counts misordered pairs', () => {
    expect(rankingLoss([1, 2, 3], [10, 20, 30])).toBe(0);
    expect(rankingLoss([3, 2, 1], [10, 20, 30])).toBe(3);
    expect(rankingLoss([1, 3, 2], [10, 20, 30])).toBe(1);
  });

  it('leave-one-out posteriors equal refitting without the point', () => {
    const X = grid(7);
    const y = X.map((x) => Math.sin(5 * x));
    const hyper = { lengthscales: Float64Array.from([0.3]), outputscale: 1.3, noise: 0.01, mean: 0.1 };
    const loo = leaveOneOut(new GpModel(X, y, 1, hyper));
    for (let j = 0; j < 7; j++) {
      const Xr = X.filter((_, i) => i !== j);
      const yr = y.filter((_, i) => i !== j);
      const p = new GpModel(Xr, yr, 1, hyper).predict(Float64Array.from([X[j]]), 1);
      expect(loo.mean[j]).toBeCloseTo(p.mean[0], 9);
      // LOO predicts the noisy observation: latent variance plus noise.
      expect(loo.variance[j]).toBeCloseTo(p.variance[0] + hyper.noise, 9);
    }
  });

  it('weights a related earlier task highly and an anti-correlated one not at all', () => {
    const f = (x: number) => Math.sin(6 * x) + x;
    const Xb = grid(25);
    const related = fitGp(Xb, Xb.map((x) => f(x) + 0.1 * x * x), 1, { key: makeKey(0) });
    const opposite = fitGp(Xb, Xb.map((x) => -f(x)), 1, { key: makeKey(1) });
    const Xt = Float64Array.from([0.05, 0.3, 0.55, 0.8, 0.95]);
    const yt = Xt.map(f);
    const target = fitGp(Xt, yt, 1, { key: makeKey(2) });
    const w = rgpeWeights([related, opposite], target, Xt, yt, makeKey(3));
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(w[1]).toBe(0);
    expect(w[0]).toBeGreaterThan(0.5);
    const post = ensemblePredict([related, opposite, target], w, Float64Array.from([0.5]), 1);
    expect(Number.isFinite(post.mean[0]) && post.variance[0] > 0).toBe(true);
  });

  it('gives equal weights to the earlier tasks before the target has two observations', () => {
    const m = fitGp(grid(5), grid(5), 1, { key: makeKey(0) });
    expect(Array.from(rgpeWeights([m, m], undefined, new Float64Array(0), new Float64Array(0), makeKey(0)))).toEqual([0.5, 0.5, 0]);
  });
});

describe('GP warm start', () => {
  /** Branin shifted by (dx, dy) in input space, inside the same box. */
  const shifted = (dx: number, dy: number) => (p: Record<string, unknown>) => branin((p.x1 as number) - dx, (p.x2 as number) - dy);
  const previous = (): PreviousStudy[] =>
    [
      [0.3, -0.2],
      [-0.4, 0.5],
      [0.2, 0.3],
    ].map(([dx, dy], i) => {
      const { history } = runLoop(new GpSampler({ seed: 10 + i }), braninSpace, shifted(dx, dy) as never, 20, 10 + i);
      return { study: { id: i, name: `s${i}`, space: braninSpace, directions: ['minimize'], userAttrs: {} }, trials: history.trials };
    });

  it('after 8 trials has a fifth of the cold start regret or less (RGPE, seeding and the search box)', () => {
    const prev = previous();
    const target = shifted(0.1, 0.1) as never;
    const cold = runLoop(new GpSampler(), braninSpace, target, 8, 0).bestSoFar[7] - BRANIN_MIN;
    for (const warmStartMethod of ['rgpe', 'seed', 'box'] as const) {
      const warm = new GpSampler({ warmStartMethod });
      warm.warmStart(prev);
      const regret = runLoop(warm, braninSpace, target, 8, 0).bestSoFar[7] - BRANIN_MIN;
      expect(regret).toBeLessThan(cold / 5);
    }
  });

  it('searches only inside the box around the earlier optima that did well (box method)', () => {
    const prev = previous();
    const target = shifted(0.1, 0.1) as never;
    const warm = new GpSampler({ warmStartMethod: 'box' });
    warm.warmStart(prev);
    const { history } = runLoop(warm, braninSpace, target, 12, 0);
    const fmap = new FeatureMap(braninSpace);
    const bases = prev.map((p) => {
      const best = [...p.trials].sort((a, b) => a.values![0] - b.values![0])[0];
      return { bestPoints: [fmap.encode(best.params)] };
    });
    const seen = (t: number) => ({ params: history.trials.slice(0, t).map((x) => x.params), values: history.trials.slice(0, t).map((x) => x.values![0]) });
    // The box is a real restriction: the earlier optima are close together here.
    const first = searchBox(bases, fmap, seen(5));
    expect((first.high[0] - first.low[0]) * (first.high[1] - first.low[1])).toBeLessThan(0.25);
    // Every model-based trial (after the 5 seeded ones) lies in the box of its time.
    for (let t = 5; t < 12; t++) {
      const b = searchBox(bases, fmap, seen(t));
      const u = fmap.encode(history.trials[t].params);
      for (let j = 0; j < 2; j++) expect(u[j] >= b.low[j] - 1e-9 && u[j] <= b.high[j] + 1e-9).toBe(true);
    }
  });
});
