import { describe, expect, it } from 'vitest';
import { parseFlags, intFlag, listFlag } from './args';
import { parseResult, RESULT_PREFIX } from './output';
import { median, quantile, round, summarize } from './stats';
import { measure } from './timing';

describe('bench statistics', () => {
  it('interpolates quantiles like numpy (linear)', () => {
    const xs = [10, 1, 4, 3, 2];
    expect(median(xs)).toBe(3);
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile(xs, 1)).toBe(10);
    expect(quantile(xs, 0.1)).toBeCloseTo(1.4, 12); // numpy.quantile([1,2,3,4,10], 0.1) = 1.4
    expect(quantile(xs, 0.9)).toBeCloseTo(7.6, 12); // numpy: 7.6
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(() => quantile([], 0.5)).toThrow(/empty/);
  });

  it('summarises and rounds to significant digits', () => {
    expect(summarize([1, 2, 3])).toEqual({ median: 2, p10: 1.2, p90: 2.8, mean: 2, min: 1, max: 3, n: 3 });
    expect(round(123456, 3)).toBe(123000);
    expect(round(0.000123456, 2)).toBe(0.00012);
  });

  it('measures per-call time over warm-up, runs and inner calls', async () => {
    let calls = 0;
    const m = await measure(() => {
      calls++;
      const end = performance.now() + 2;
      while (performance.now() < end);
    }, { warmup: 2, runs: 3, inner: 2 });
    expect(calls).toBe(2 + 3 * 2);
    expect(m.samples).toHaveLength(3);
    expect(m.median).toBeGreaterThanOrEqual(2);
    expect(m.inner).toBe(2);
  });

  it('parses flags and finds the result line among other output', () => {
    const flags = parseFlags(['--full', '--runs=9', '--backends=cpu,wasm']);
    expect(flags.full).toBe(true);
    expect(intFlag(flags, 'runs', 5)).toBe(9);
    expect(intFlag(flags, 'warmup', 3)).toBe(3);
    expect(listFlag(flags, 'backends', ['wasm'])).toEqual(['cpu', 'wasm']);
    expect(() => intFlag(parseFlags(['--runs=0']), 'runs', 1)).toThrow(/positive integer/);
    const out = `Hi there\n{"not":"it"}\n${RESULT_PREFIX}{"bench":"x","environment":{},"settings":{},"results":[1]}\n`;
    expect(parseResult(out)).toEqual({ bench: 'x', environment: {}, settings: {}, results: [1] });
    expect(parseResult('nothing')).toBeUndefined();
  });
});
