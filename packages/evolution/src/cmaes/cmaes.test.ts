import { describe, expect, it } from 'vitest';
import { MetatuneError } from '@metatune/core';
import fc from 'fast-check';
import { CMAES, type CmaesOptions } from './cmaes';
import { shifted, type TestFunction } from '../testing/functions';

function run(f: TestFunction, options: CmaesOptions, budget: number, target = 1e-8): CMAES {
  const es = new CMAES(options);
  while (es.evaluations < budget && (es.best === undefined || es.best.f > target)) {
    const xs = es.ask();
    es.tell(xs, xs.map(f));
  }
  return es;
}

describe('CMAES', () => {
  it('solves the shifted 10-D sphere and ellipsoid within the evaluations deap needs (1,450 / 5,789)', () => {
    const sphere = run(shifted('sphere', 10), { mean: new Float64Array(10), sigma: 2, seed: 1 }, 3000);
    expect(sphere.best!.f).toBeLessThan(1e-8);
    expect(sphere.evaluations).toBeLessThan(1700);
    const ell = run(shifted('ellipsoid', 10), { mean: new Float64Array(10), sigma: 2, seed: 1 }, 10000);
    expect(ell.best!.f).toBeLessThan(1e-8);
    expect(ell.evaluations).toBeLessThan(7000);
  });

  it('solves the 10-D Rosenbrock function', () => {
    const es = run(shifted('rosenbrock', 10), { mean: new Float64Array(10), sigma: 2, seed: 2 }, 20000);
    expect(es.best!.f).toBeLessThan(1e-8);
  });

  it('separable CMA-ES solves a 30-D ellipsoid faster than full CMA-ES', () => {
    const f = shifted('ellipsoid', 30);
    const sep = run(f, { mean: new Float64Array(30), sigma: 2, seed: 3, diagonal: true }, 60000);
    expect(sep.best!.f).toBeLessThan(1e-8);
    // Full CMA-ES must first learn the 30 x 30 covariance; with the same budget it is still far off.
    const full = run(f, { mean: new Float64Array(30), sigma: 2, seed: 3 }, sep.evaluations);
    expect(full.best!.f).toBeGreaterThan(1e-6);
  });

  it('mirrored orthogonal sampling (the default) mirrors each generation and needs fewer evaluations than independent steps', () => {
    const es = new CMAES({ mean: [1, 2, 3], sigma: 0.5, populationSize: 6, seed: 4 });
    const xs = es.ask();
    // Points k and k + 3 lie symmetrically about the mean; the first three steps are orthogonal.
    const step = (x: Float64Array) => Array.from(x, (v, i) => v - es.mean[i]);
    for (let k = 0; k < 3; k++) step(xs[k]).forEach((v, i) => expect(step(xs[k + 3])[i]).toBeCloseTo(-v, 12));
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
    expect(dot(step(xs[0]), step(xs[1]))).toBeCloseTo(0, 12);
    expect(dot(step(xs[1]), step(xs[2]))).toBeCloseTo(0, 12);

    const evals = (sampling: 'mirrored-orthogonal' | 'independent') =>
      [1, 2, 3, 4, 5].map((seed) => run(shifted('sphere', 10), { mean: new Float64Array(10), sigma: 2, seed, sampling }, 5000).evaluations).sort((a, b) => a - b)[2];
    expect(evals('mirrored-orthogonal')).toBeLessThan(0.8 * evals('independent'));
  });

  it('is deterministic given the seed and differs across seeds', () => {
    const a = new CMAES({ mean: [1, 2, 3], sigma: 0.5, seed: 7 }).ask();
    const b = new CMAES({ mean: [1, 2, 3], sigma: 0.5, seed: 7 }).ask();
    const c = new CMAES({ mean: [1, 2, 3], sigma: 0.5, seed: 8 }).ask();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('never proposes points outside the bounds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.double({ min: 0.01, max: 50, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (d, sigma, seed) => {
        const bounds = Array.from({ length: d }, (_, i) => [-1 - i, 2 + i] as const);
        const es = new CMAES({ mean: new Float64Array(d).fill(1.9), sigma, seed, bounds, maxResample: 2 });
        for (let g = 0; g < 3; g++) {
          const xs = es.ask();
          for (const x of xs) x.forEach((v, i) => expect(v >= bounds[i][0] && v <= bounds[i][1]).toBe(true));
          es.tell(xs, xs.map((x) => x.reduce((s, v) => s + v, 0)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('treats NaN fitness as worst, counts it, and keeps the covariance finite', () => {
    const es = new CMAES({ mean: [0, 0], sigma: 1, seed: 0 });
    for (let g = 0; g < 60; g++) {
      const xs = es.ask();
      es.tell(xs, xs.map((x, i) => (i % 3 === 0 ? Number.NaN : (x[0] - 1) ** 2 + (x[1] + 2) ** 2)));
    }
    expect(es.nanCount).toBe(60 * 2);
    expect(es.covariance().every(Number.isFinite)).toBe(true);
    expect(es.mean[0]).toBeCloseTo(1, 2);
    expect(es.mean[1]).toBeCloseTo(-2, 2);
  });

  it('keeps integer coordinates moving with the margin', () => {
    // f = (round(x0) - 3)^2 + x1^2: without the margin the integer coordinate can freeze on a plateau.
    const f = (x: ArrayLike<number>) => (Math.round(x[0]) - 7) ** 2 + x[1] ** 2;
    const es = run(f, { mean: [0, 3], sigma: 0.3, seed: 4, discreteWidths: [1, 0] }, 4000, 1e-10);
    expect(Math.round(es.best!.x[0])).toBe(7);
  });

  it('rejects bad options with clear errors', () => {
    expect(() => new CMAES({ mean: [], sigma: 1 })).toThrow(MetatuneError);
    expect(() => new CMAES({ mean: [0, 0], sigma: 0 })).toThrow(/sigma/);
    expect(() => new CMAES({ mean: [0, 0], sigma: 1, populationSize: 1 })).toThrow(/populationSize/);
    expect(() => new CMAES({ mean: [0, 0], sigma: 1, bounds: [[0, 1]] })).toThrow(/bounds/);
    expect(() => new CMAES({ mean: [5, 0], sigma: 1, bounds: [[0, 1], [0, 1]] })).toThrow(/outside/);
    expect(() => new CMAES({ mean: [0, Number.NaN], sigma: 1 })).toThrow(/finite/);
    expect(() => new CMAES({ mean: [0, 0], sigma: 1, covariance: [1, 0, 0, -1] })).toThrow(/positive definite/);
    expect(() => new CMAES({ mean: [0, 0], sigma: 1, sampling: 'mirrored' as never })).toThrow(/sampling must be 'mirrored-orthogonal' or 'independent'/);
    const es = new CMAES({ mean: [0, 0], sigma: 1 });
    expect(() => es.tell(es.ask(), [1, 2])).toThrow(/fitness values/);
  });

  it('stops on tolx once converged on a sphere', () => {
    const es = new CMAES({ mean: [3, 3], sigma: 1, seed: 5 });
    let reason;
    for (let g = 0; g < 2000 && !reason; g++) {
      const xs = es.ask();
      es.tell(xs, xs.map((x) => x[0] * x[0] + x[1] * x[1]));
      reason = es.stopReason();
    }
    expect(['tolfun', 'tolx']).toContain(reason);
  });
});
