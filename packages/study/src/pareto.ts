import type { Direction } from '@metatune/core';

/** Whether `a` dominates `b`: no worse in every objective and better in at least one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  let better = false;
  for (let i = 0; i < directions.length; i++) {
    const d = directions[i] === 'minimize' ? b[i] - a[i] : a[i] - b[i];
    if (d < 0) return false;
    if (d > 0) better = true;
  }
  return better;
}

/**
 * Fast non-dominated sorting (Deb et al. 2002): the indices of `points` by front, the first front
 * being the Pareto front. O(M N^2) for N points and M objectives.
 */
export function nonDominatedSort(points: readonly (readonly number[])[], directions: readonly Direction[]): number[][] {
  const n = points.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominating: number[][] = points.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i], points[j], directions)) {
        dominating[i].push(j);
        dominatedBy[j]++;
      } else if (dominates(points[j], points[i], directions)) {
        dominating[j].push(i);
        dominatedBy[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) for (const j of dominating[i]) if (--dominatedBy[j] === 0) next.push(j);
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}
