import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './lbfgs';

const rosen = (x: Float64Array) => ({
  value: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2,
  grad: Float64Array.from([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)]),
});

describe('minimizeLbfgs', () => {
  it('finds the minimum of the 2-D Rosenbrock function from (-1.2, 1)', () => {
    const r = minimizeLbfgs(rosen, [-1.2, 1], { maxIterations: 200, gradientTolerance: 1e-8, valueTolerance: 0 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.value).toBeLessThan(1e-8);
  });

  it('minimises an ill-scaled quadratic in few iterations', () => {
    const scales = [1, 10, 100, 1000];
    const f = (x: Float64Array) => ({ value: x.reduce((s, v, i) => s + 0.5 * scales[i] * (v - i) ** 2, 0), grad: x.map((v, i) => scales[i] * (v - i)) });
    const r = minimizeLbfgs(f, [5, 5, 5, 5], { gradientTolerance: 1e-9, valueTolerance: 0 });
    r.x.forEach((v, i) => expect(v).toBeCloseTo(i, 6));
    expect(r.iterations).toBeLessThan(40);
  });

  it('projects onto box bounds', () => {
    const f = (x: Float64Array) => ({ value: (x[0] - 3) ** 2, grad: Float64Array.from([2 * (x[0] - 3)]) });
    const r = minimizeLbfgs(f, [0], { lower: [-1], upper: [1] });
    expect(r.x[0]).toBe(1);
  });

  it('treats non-finite values as too far and backs off', () => {
    const f = (x: Float64Array) => (x[0] > 2 ? { value: Number.NaN, grad: Float64Array.from([0]) } : { value: (x[0] - 1.5) ** 2, grad: Float64Array.from([2 * (x[0] - 1.5)]) });
    const r = minimizeLbfgs(f, [-10]);
    expect(r.x[0]).toBeCloseTo(1.5, 5);
  });
});
