/**
 * Centred-rank fitness shaping (Salimans et al. 2017): the values' ranks mapped linearly onto
 * [-0.5, 0.5], so the update is invariant to monotone transforms of the objective and robust to
 * outliers. Ties share their mean rank. Minimisation: the lowest value gets -0.5.
 */
export function centeredRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 1) return out;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && values[idx[end + 1]] === values[idx[start]]) end++;
    const rank = (start + end) / 2;
    for (let k = start; k <= end; k++) out[idx[k]] = rank / (n - 1) - 0.5;
    start = end + 1;
  }
  return out;
}
