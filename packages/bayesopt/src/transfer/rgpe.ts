import { Rng, type Key } from '@metatune/core';
import { inverseFromCholesky } from '../linalg/cholesky';
import type { GpModel, Posterior } from '../gp/model';

/** Number of misordered pairs between a sample `f` and the observed `y`. */
export function rankingLoss(f: ArrayLike<number>, y: ArrayLike<number>): number {
  let loss = 0;
  for (let j = 0; j < y.length; j++) {
    for (let k = 0; k < y.length; k++) {
      if (j !== k && f[j] < f[k] !== y[j] < y[k]) loss++;
    }
  }
  return loss / 2;
}

/**
 * Leave-one-out posterior of a GP at its own training points, in closed form:
 * mean_j = y_j - alpha_j / [K^{-1}]_jj, var_j = 1 / [K^{-1}]_jj (Rasmussen & Williams, eq. 5.12).
 */
export function leaveOneOut(model: GpModel): Posterior {
  const { n } = model;
  const Kinv = inverseFromCholesky(model.L, n);
  const mean = new Float64Array(n);
  const variance = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const q = Kinv[j * n + j];
    mean[j] = model.y[j] - model.alpha[j] / q;
    variance[j] = 1 / q;
  }
  return { mean, variance };
}

/**
 * RGPE weights (Feurer, Letham & Bakshy 2018, "Scalable meta-learning for Bayesian optimization
 * using ranking-weighted Gaussian process ensembles"): for each of `samples` posterior draws, the
 * model with the fewest misordered pairs on the target observations gets the vote (ties broken at
 * random); the target model is judged by leave-one-out draws so it cannot win by memorising.
 * Base models whose median loss exceeds the 95th percentile of the target's are dropped (weight
 * dilution). Returns weights for [...bases, target], summing to 1.
 */
export function rgpeWeights(
  bases: readonly GpModel[],
  target: GpModel | undefined,
  Xt: Float64Array,
  yt: Float64Array,
  key: Key,
  samples = 128,
): Float64Array {
  const nb = bases.length;
  const weights = new Float64Array(nb + 1);
  const n = yt.length;
  if (n < 2 || !target) {
    if (nb === 0) {
      weights[0] = 1;
      return weights;
    }
    for (let i = 0; i < nb; i++) weights[i] = 1 / nb;
    return weights;
  }
  const rng = new Rng(key);
  const posts = bases.map((b) => b.predict(Xt, n));
  posts.push(leaveOneOut(target));
  const losses: number[][] = posts.map(() => []);
  const f = new Float64Array(n);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i <= nb; i++) {
      const p = posts[i];
      for (let j = 0; j < n; j++) f[j] = p.mean[j] + Math.sqrt(p.variance[j]) * rng.normal();
      losses[i].push(rankingLoss(f, yt));
    }
  }
  const sortedTarget = [...losses[nb]].sort((a, b) => a - b);
  const p95 = sortedTarget[Math.min(samples - 1, Math.floor(0.95 * samples))];
  const keep = losses.map((l, i) => {
    if (i === nb) return true;
    const sorted = [...l].sort((a, b) => a - b);
    return sorted[Math.floor(samples / 2)] <= p95;
  });
  for (let s = 0; s < samples; s++) {
    let bestLoss = Number.POSITIVE_INFINITY;
    const winners: number[] = [];
    for (let i = 0; i <= nb; i++) {
      if (!keep[i]) continue;
      const l = losses[i][s];
      if (l < bestLoss) {
        bestLoss = l;
        winners.length = 0;
        winners.push(i);
      } else if (l === bestLoss) winners.push(i);
    }
    weights[winners[rng.int(0, winners.length)]] += 1 / samples;
  }
  return weights;
}

/** The ensemble posterior: mean sum_i w_i mu_i, variance sum_i w_i^2 sigma_i^2 (models with weight 0 are skipped). */
export function ensemblePredict(models: readonly (GpModel | undefined)[], weights: Float64Array, Xs: Float64Array, m: number): Posterior {
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  models.forEach((model, i) => {
    const w = weights[i];
    if (!model || w <= 0) return;
    const p = model.predict(Xs, m);
    for (let k = 0; k < m; k++) {
      mean[k] += w * p.mean[k];
      variance[k] += w * w * p.variance[k];
    }
  });
  for (let k = 0; k < m; k++) variance[k] = Math.max(variance[k], 1e-12);
  return { mean, variance };
}
