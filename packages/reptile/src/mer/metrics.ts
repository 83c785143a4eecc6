/**
 * Continual-learning metrics of Lopez-Paz & Ranzato 2017 (GEM), also used by Riemer et al. 2019,
 * from the accuracy matrix R: `R[i][j]` is the test accuracy on task j after learning tasks 0..i.
 */
import { MetatuneError } from '@metatune/core';

/** ACC, BWT and (when initial accuracies are given) FWT of one run. */
export interface ContinualMetrics {
  /** Average accuracy over all T tasks after the whole stream: `mean_j R[T-1][j]`. */
  readonly acc: number;
  /**
   * Backward transfer: `mean_{i < T-1} (R[T-1][i] − R[i][i])`, how much learning later tasks
   * changed the accuracy on earlier ones (negative: forgetting). 0 for a single task.
   */
  readonly bwt: number;
  /**
   * Forward transfer: `mean_{i >= 1} (R[i-1][i] − b[i])` with `b` the accuracies before any
   * training; present only when `initial` is passed. 0 for a single task.
   */
  readonly fwt?: number;
}

function bad(message: string): MetatuneError {
  return new MetatuneError('INVALID_ARGUMENT', message, { hint: 'pass a T x T matrix of finite accuracies, row i measured after learning task i' });
}

/**
 * ACC, BWT (and FWT) from the T x T accuracy matrix `r` (row i: accuracies on every task after
 * learning task i) and optionally the accuracies `initial` of the untrained model.
 *
 * @example
 * continualMetrics([[0.9, 0.1], [0.6, 0.8]]); // { acc: 0.7, bwt: -0.3 }
 */
export function continualMetrics(r: readonly (readonly number[])[], initial?: readonly number[]): ContinualMetrics {
  const t = Array.isArray(r) ? r.length : 0;
  if (t === 0) throw bad('the accuracy matrix is empty');
  r.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== t) throw bad(`row ${i} of the accuracy matrix has ${Array.isArray(row) ? row.length : 0} entries, expected ${t}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new MetatuneError('NON_FINITE', `accuracy R[${i}][${j}] is ${v}`, { hint: 'every entry of the accuracy matrix must be a finite number' });
    });
  });
  const last = r[t - 1];
  const acc = last.reduce((a, b) => a + b, 0) / t;
  let bwt = 0;
  for (let i = 0; i < t - 1; i++) bwt += last[i] - r[i][i];
  bwt = t > 1 ? bwt / (t - 1) : 0;
  if (!initial) return { acc, bwt };
  if (!Array.isArray(initial) || initial.length !== t || !initial.every(Number.isFinite)) throw bad(`initial must hold ${t} finite accuracies`);
  let fwt = 0;
  for (let i = 1; i < t; i++) fwt += r[i - 1][i] - initial[i];
  return { acc, bwt, fwt: t > 1 ? fwt / (t - 1) : 0 };
}
