import { describe, expect, it } from 'vitest';
import { acquisitionValue, expectedImprovement, logExpectedImprovement, ucbBeta, upperConfidenceBound } from './functions';
import { logH, logNormCdf, normCdf } from './normal';

describe('normal distribution helpers', () => {
  it('matches reference values of Phi, including the far lower tail', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 15);
    expect(normCdf(-1.96)).toBeCloseTo(0.024997895148220435, 14);
    expect(normCdf(1.2)).toBeCloseTo(0.8849303297782918, 14);
    expect(normCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 12);
    expect(normCdf(-3.5) / 2.326290790355250e-4).toBeCloseTo(1, 12);
  });

  it('gives log Phi by the asymptotic series far below underflow', () => {
    const z = -40;
    const asym = -0.5 * z * z - Math.log(-z) - 0.5 * Math.log(2 * Math.PI) + Math.log(1 - 1 / z ** 2 + 3 / z ** 4 - 15 / z ** 6);
    expect(logNormCdf(z)).toBeCloseTo(asym, 9);
  });
});

describe('expected improvement', () => {
  it('equals sigma / sqrt(2 pi) at the incumbent', () => {
    expect(expectedImprovement(1, 4, 1)).toBeCloseTo(2 / Math.sqrt(2 * Math.PI), 14);
  });

  it('log-EI equals log(EI) wherever EI is representable', () => {
    for (const z of [-30, -12, -5, -1.5, -1, -0.3, 0, 0.7, 3]) {
      const ei = expectedImprovement(-z, 1, 0);
      expect(logExpectedImprovement(-z, 1, 0)).toBeCloseTo(Math.log(ei), 8);
    }
  });

  it('log-EI stays finite and ordered where EI underflows to 0', () => {
    const zs = [-40, -100, -1e3, -1e5, -1e8];
    const vals = zs.map((z) => logH(z));
    vals.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    for (let i = 1; i < vals.length; i++) expect(vals[i]).toBeLessThan(vals[i - 1]);
    expect(expectedImprovement(100, 1, 0)).toBe(0);
    // h(z) ~ phi(z) / z^2 for z -> -inf.
    expect(logH(-1e5)).toBeCloseTo(-0.5e10 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(1e5), 0);
  });

  it('continuous across the branch points of log h', () => {
    for (const z of [-1, -1e4]) expect(logH(z - 1e-10)).toBeCloseTo(logH(z + 1e-10), 4);
  });
});

describe('UCB and PI', () => {
  it('UCB is the negated lower confidence bound; beta grows with t', () => {
    expect(upperConfidenceBound(1, 4, 9)).toBeCloseTo(-(1 - 6), 14);
    expect(ucbBeta(100, 5)).toBeGreaterThan(ucbBeta(10, 5));
    expect(ucbBeta(10, 5)).toBeCloseTo(0.4 * Math.log((5 * 100 * Math.PI ** 2) / 0.6), 12);
  });

  it('PI is log Phi((best - mu) / sigma)', () => {
    expect(acquisitionValue('PI', 1, 1, { best: 0, beta: 1 })).toBeCloseTo(Math.log(normCdf(-1)), 14);
  });
});
