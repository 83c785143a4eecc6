import { MetatuneError, Rng, makeKey } from '@metatune/core';
import { describe, expect, it } from 'vitest';
import { createBuffer, ensureLayout, offer, reservoirSlot, sampleIndices } from './reservoir';

describe('reservoir buffer', () => {
  it('keeps every example of a stream with the same probability capacity / n', () => {
    // 4,000 runs of a 100-example stream into a 10-slot reservoir, with fixed keys (no flakes).
    const n = 100;
    const capacity = 10;
    const runs = 4000;
    const kept = new Array<number>(n).fill(0);
    for (let r = 0; r < runs; r++) {
      const slots = new Array<number>(capacity).fill(-1);
      const rng = new Rng(makeKey(r));
      for (let i = 0; i < n; i++) {
        const slot = reservoirSlot(i + 1, capacity, rng);
        if (slot >= 0) slots[slot] = i;
      }
      for (const i of slots) kept[i] += 1;
    }
    const expected = (runs * capacity) / n; // 400 per example
    const sd = Math.sqrt(runs * (capacity / n) * (1 - capacity / n)); // 19
    // Every example within 4.5 sd of the uniform expectation, and the first and last tenth alike.
    for (const c of kept) expect(Math.abs(c - expected)).toBeLessThan(4.5 * sd);
    const early = kept.slice(0, 10).reduce((a, b) => a + b, 0);
    const late = kept.slice(90).reduce((a, b) => a + b, 0);
    expect(Math.abs(early - late)).toBeLessThan(4.5 * Math.sqrt(2 * 10) * sd);
    // Sum of squared standardised deviations, about chi-square with 99 degrees of freedom (its
    // 99.99th percentile is about 151); a biased reservoir (e.g. favouring late examples) is far above.
    const chi2 = kept.reduce((s, c) => s + (c - expected) ** 2 / sd ** 2, 0);
    expect(chi2).toBeLessThan(160);
  });

  it('fills the first capacity slots in order, then replaces with probability capacity / seen', () => {
    const rng = new Rng(makeKey(3));
    expect([1, 2, 3].map((s) => reservoirSlot(s, 3, rng))).toEqual([0, 1, 2]);
    let replaced = 0;
    const draws = new Rng(makeKey(4));
    for (let i = 0; i < 20000; i++) if (reservoirSlot(30, 3, draws) >= 0) replaced++;
    // p = 3 / 30 = 0.1, sd of the count 42.
    expect(Math.abs(replaced - 2000)).toBeLessThan(200);
  });

  it('stores rows and counts what it has seen', () => {
    const b = createBuffer(2);
    ensureLayout(b, { xShape: [2], yShape: [], yDtype: 'int32' });
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const y = Int32Array.from([7, 8, 9]);
    const rng = new Rng(makeKey(0));
    offer(b, x, y, 0, rng);
    offer(b, x, y, 1, rng);
    expect(Array.from(b.x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(b.y)).toEqual([7, 8]);
    offer(b, x, y, 2, rng);
    expect(b.seen).toBe(3);
    expect(b.size).toBe(2);
    expect(() => ensureLayout(b, { xShape: [3], yShape: [], yDtype: 'int32' })).toThrow(/do not match/);
  });

  it('samples distinct indices, at most the buffer size', () => {
    const rng = new Rng(makeKey(1));
    for (let i = 0; i < 100; i++) {
      const picks = sampleIndices(20, 7, rng);
      expect(new Set(picks).size).toBe(7);
      expect(picks.every((p) => p >= 0 && p < 20)).toBe(true);
    }
    expect(sampleIndices(3, 10, rng).sort()).toEqual([0, 1, 2]);
    expect(sampleIndices(0, 10, rng)).toEqual([]);
  });

  it('rejects a capacity below 1 with INVALID_OPTIONS', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      try {
        createBuffer(bad);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(MetatuneError);
        expect((e as MetatuneError).code).toBe('INVALID_OPTIONS');
        expect((e as MetatuneError).hint).toMatch(/memory/);
      }
    }
  });
});
