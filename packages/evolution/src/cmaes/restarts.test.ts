import { describe, expect, it } from 'vitest';
import { RestartCMAES } from './restarts';
import { CMAES } from './cmaes';
import { shifted } from '../testing/functions';
import { warmStartDistribution } from './warm-start';

describe('RestartCMAES', () => {
  it('IPOP-CMA-ES solves the 10-D Rastrigin function where plain CMA-ES stalls', () => {
    const f = shifted('rastrigin', 10);
    const box = Array.from({ length: 10 }, () => [-4, 4] as const);
    const ipop = new RestartCMAES({ strategy: 'ipop', mean: new Float64Array(10), sigma: 2, seed: 0, restartBox: box });
    while (ipop.evaluations < 100_000 && !(ipop.best !== undefined && ipop.best.f <= 1e-8)) {
      const xs = ipop.ask();
      ipop.tell(xs, xs.map(f));
    }
    expect(ipop.best!.f).toBeLessThan(1e-8);
    expect(ipop.restarts).toBeGreaterThan(0);
    expect(ipop.history[0].populationSize).toBe(10);
  });

  it('BIPOP alternates population sizes and stays deterministic', () => {
    const f = shifted('rastrigin', 4);
    const make = () => new RestartCMAES({ strategy: 'bipop', mean: [0, 0, 0, 0], sigma: 2, seed: 3, restartBox: [[-4, 4], [-4, 4], [-4, 4], [-4, 4]] });
    const a = make();
    const b = make();
    for (let g = 0; g < 600; g++) {
      const xs = a.ask();
      a.tell(xs, xs.map(f));
      const ys = b.ask();
      b.tell(ys, ys.map(f));
    }
    expect(a.best).toEqual(b.best);
    expect(a.restarts).toBeGreaterThan(1);
    expect(new Set(a.history.map((h) => h.populationSize)).size).toBeGreaterThan(1);
  });
});

describe('warmStartDistribution', () => {
  it('centres on the promising source region and halves the evaluations on a shifted sphere', () => {
    // Source task: sphere centred at c; target: centred at c + 0.05.
    const d = 6;
    const c = Float64Array.from({ length: d }, (_, i) => 2 * Math.sin(i + 1));
    const src = (x: ArrayLike<number>) => c.reduce((s, ci, i) => s + (x[i] - ci) ** 2, 0);
    const tgt = (x: ArrayLike<number>) => c.reduce((s, ci, i) => s + (x[i] - ci - 0.05) ** 2, 0);
    const source = new CMAES({ mean: new Float64Array(d), sigma: 2, seed: 1 });
    const xs: Float64Array[] = [];
    const fs: number[] = [];
    for (let g = 0; g < 40; g++) {
      const pop = source.ask();
      const vals = pop.map(src);
      source.tell(pop, vals);
      xs.push(...pop);
      fs.push(...vals);
    }
    const ws = warmStartDistribution(xs, fs);
    for (let i = 0; i < d; i++) expect(Math.abs(ws.mean[i] - c[i])).toBeLessThan(0.2);
    const evalsTo = (es: CMAES, target: number) => {
      while (es.best === undefined || es.best.f > target) {
        const pop = es.ask();
        es.tell(pop, pop.map(tgt));
      }
      return es.evaluations;
    };
    const cold = evalsTo(new CMAES({ mean: new Float64Array(d), sigma: 2, seed: 2 }), 1e-3);
    const warm = evalsTo(new CMAES({ mean: ws.mean, sigma: ws.sigma, covariance: ws.covariance, seed: 2 }), 1e-3);
    expect(warm).toBeLessThanOrEqual(cold / 2);
  });
});
