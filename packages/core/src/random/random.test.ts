import { describe, expect, it } from 'vitest';
import { MetatuneError } from '../errors';
import { assertKey, foldIn, makeKey, randomBits, split } from './key';
import { Rng } from './rng';
import { choiceWithoutReplacement, normal, permutation, randint, uniform } from './sample';

describe('keys', () => {
  it('gives the same numbers for the same seed and different ones for different seeds', () => {
    expect(Array.from(uniform(makeKey(7), 5))).toEqual(Array.from(uniform(makeKey(7), 5)));
    expect(Array.from(uniform(makeKey(7), 5))).not.toEqual(Array.from(uniform(makeKey(8), 5)));
    expect(makeKey(-1)).not.toEqual(makeKey(1));
  });

  it('splits into distinct keys, deterministically', () => {
    const [a, b, c] = split(makeKey(0), 3);
    expect(new Set([a, b, c].map(String)).size).toBe(3);
    expect(split(makeKey(0), 3)).toEqual([a, b, c]);
    // the first two keys of a 3-way split equal a 2-way split: splitting is prefix-stable
    expect(split(makeKey(0), 2)).toEqual([a, b]);
  });

  it('folds in data to derive independent keys', () => {
    const k = makeKey(3);
    expect(foldIn(k, 1)).not.toEqual(foldIn(k, 2));
    expect(foldIn(k, 1)).toEqual(foldIn(k, 1));
    expect(foldIn(k, 2 ** 40)).not.toEqual(foldIn(k, 0));
  });

  it('rejects bad seeds and malformed keys with a hint', () => {
    expect(() => makeKey(0.5)).toThrow(MetatuneError);
    expect(() => assertKey([1, -2])).toThrow(/makeKey/);
    expect(() => split(makeKey(0), 0)).toThrow(/positive integer/);
  });

  it('random bits are a stream: an offset continues where the previous block stopped', () => {
    const k = makeKey(11);
    const all = randomBits(k, 8);
    expect(Array.from(randomBits(k, 4, 2))).toEqual(Array.from(all.subarray(4, 8)));
  });
});

describe('distributions', () => {
  const n = 20000;
  it('uniform has mean 1/2 and variance 1/12 and stays in [low, high)', () => {
    const u = uniform(makeKey(1), n, -2, 3);
    const mean = u.reduce((a, b) => a + b, 0) / n;
    const variance = u.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(variance - 25 / 12)).toBeLessThan(0.08);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(3);
  });

  it('normal has mean 0 and variance 1 (odd counts too)', () => {
    const z = normal(makeKey(2), n + 1);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it('randint covers [low, high) and nothing else', () => {
    const r = randint(makeKey(4), 5000, 3, 7);
    expect(new Set(r)).toEqual(new Set([3, 4, 5, 6]));
    expect(() => randint(makeKey(4), 1, 5, 5)).toThrow(/low < high/);
  });

  it('permutation is a permutation and choice draws distinct items', () => {
    const p = permutation(makeKey(5), 100);
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
    const c = choiceWithoutReplacement(makeKey(6), 10, 4);
    expect(new Set(c).size).toBe(4);
    expect(() => choiceWithoutReplacement(makeKey(6), 3, 4)).toThrow(/between 0 and 3/);
  });
});

describe('Rng', () => {
  it('is deterministic, crosses block boundaries, and forks independent keys', () => {
    const a = new Rng(makeKey(9));
    const b = new Rng(makeKey(9));
    const xs = Array.from({ length: 1000 }, () => a.uniform());
    expect(Array.from({ length: 1000 }, () => b.uniform())).toEqual(xs);
    expect(new Set(xs).size).toBe(1000);
    expect(a.fork()).not.toEqual(a.fork());
    const r = new Rng(makeKey(10));
    const ints = Array.from({ length: 500 }, () => r.int(0, 3));
    expect(new Set(ints)).toEqual(new Set([0, 1, 2]));
    const z = Array.from({ length: 4000 }, () => r.normal());
    expect(Math.abs(z.reduce((s, v) => s + v, 0) / z.length)).toBeLessThan(0.06);
  });
});
