import { MetatuneError } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { replayTrustRegion, resolveTrustRegion, trustRegionBox } from './trust-region';

const settings = resolveTrustRegion({}, 6);

describe('resolveTrustRegion', () => {
  it("takes TuRBO's defaults: length 0.8 in [2^-7, 1.6], 3 successes, max(4, d) failures", () => {
    expect(settings).toEqual({ initialLength: 0.8, minLength: 2 ** -7, maxLength: 1.6, successTolerance: 3, failureTolerance: 6 });
    expect(resolveTrustRegion({}, 2).failureTolerance).toBe(4);
  });

  it('rejects a non-positive length, a fractional tolerance and an inverted range with a typed error', () => {
    expect(() => resolveTrustRegion({ initialLength: 0 }, 2)).toThrow(MetatuneError);
    expect(() => resolveTrustRegion({ failureTolerance: 2.5 }, 2)).toThrow(/failureTolerance must be a positive integer/);
    expect(() => resolveTrustRegion({ minLength: 0.9 }, 2)).toThrow(/minLength < initialLength <= maxLength/);
  });
});

describe('replayTrustRegion', () => {
  it('ignores the initial design, then halves the side after failureTolerance failures in a row', () => {
    const design = [5, 4, 3];
    expect(replayTrustRegion(design, 3, settings).length).toBe(0.8);
    expect(replayTrustRegion([...design, 3, 3, 3, 3, 3], 3, settings).length).toBe(0.8);
    expect(replayTrustRegion([...design, 3, 3, 3, 3, 3, 3], 3, settings).length).toBe(0.4);
    expect(replayTrustRegion([...design, ...Array(12).fill(3)], 3, settings).length).toBe(0.2);
  });

  it('doubles the side after successTolerance improvements in a row, up to maxLength', () => {
    expect(replayTrustRegion([5, 2, 1, 0.5], 1, settings).length).toBe(1.6);
    expect(replayTrustRegion([5, 2, 1, 0.5, 0.2, 0.1, 0.05], 1, settings).length).toBe(1.6);
  });

  it('does not count an improvement of less than 1e-3 of the best value as a success, and a failure resets the successes', () => {
    expect(replayTrustRegion([10, 9.9999, 9.9998, 9.9997], 1, settings).length).toBe(0.8);
    expect(replayTrustRegion([5, 2, 1, 1, 0.5], 1, settings).length).toBe(0.8);
  });

  it('restarts at initialLength when the side falls below minLength', () => {
    const flat = (k: number) => [1, ...Array(k).fill(1)];
    // 0.8 / 2^7 < 2^-7: the seventh halving (after 42 failures) restarts.
    expect(replayTrustRegion(flat(41), 1, settings)).toEqual({ length: 0.8 / 64, restarts: 0 });
    expect(replayTrustRegion(flat(42), 1, settings)).toEqual({ length: 0.8, restarts: 1 });
  });
});

describe('trustRegionBox', () => {
  it('centres the box on the incumbent with sides proportional to the length scales (geometric mean = length)', () => {
    const { low, high } = trustRegionBox(Float64Array.of(0.5, 0.5), [0.1, 0.4], 0.2);
    const sides = [high[0] - low[0], high[1] - low[1]];
    expect(sides[0]).toBeCloseTo(0.1, 12);
    expect(sides[1]).toBeCloseTo(0.4, 12);
    expect(Math.sqrt(sides[0] * sides[1])).toBeCloseTo(0.2, 12);
    expect((low[0] + high[0]) / 2).toBeCloseTo(0.5, 12);
  });

  it('clips to the unit cube and leaves coordinates without a length scale (categorical) whole', () => {
    const { low, high } = trustRegionBox(Float64Array.of(0.02, 0.3), [1, Number.NaN], 0.5);
    expect(low[0]).toBe(0);
    expect(high[0]).toBeCloseTo(0.27, 12);
    expect([low[1], high[1]]).toEqual([0, 1]);
  });
});
