import { describe, expect, it } from 'vitest';
import { dominates, nonDominatedSort } from './pareto';

describe('non-dominated sorting', () => {
  it('orders points into fronts, respecting directions', () => {
    const pts = [[1, 5], [2, 2], [5, 1], [3, 3], [4, 4], [6, 6]];
    expect(nonDominatedSort(pts, ['minimize', 'minimize'])).toEqual([[0, 1, 2], [3], [4], [5]]);
    // maximising both turns the order around
    expect(nonDominatedSort(pts, ['maximize', 'maximize'])[0]).toEqual([5]);
    expect(dominates([1, 1], [1, 2], ['minimize', 'minimize'])).toBe(true);
    expect(dominates([1, 2], [1, 2], ['minimize', 'minimize'])).toBe(false);
  });

  it('agrees with a brute-force front on random points', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pts = Array.from({ length: 200 }, () => [rand(), rand(), rand()]);
    const dirs = ['minimize', 'maximize', 'minimize'] as const;
    const brute = pts.map((_, i) => i).filter((i) => !pts.some((q) => dominates(q, pts[i], dirs)));
    const fronts = nonDominatedSort(pts, dirs);
    expect(fronts[0]).toEqual(brute);
    expect(fronts.flat().sort((a, b) => a - b)).toEqual([...Array(200).keys()]);
  });
});
