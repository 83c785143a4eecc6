import { type Key, MetatuneError, foldIn, split } from '@metatune/core';
import { checkInt, checkPositive } from '../util/validate';
import { antitheticNoise } from './openai-es';
import type { UnrolledGradientEstimator, UnrolledTask } from './unrolled';

/** Options of {@link PersistentES}. */
export interface PesOptions {
  /** Antithetic pairs of particles (default 16). */
  readonly pairs?: number;
  /** Perturbation scale (default 0.01). */
  readonly sigma?: number;
  /**
   * true (default): persistent ES (Vicol et al. 2021), unbiased over the full unroll. false:
   * truncated ES, which forgets the perturbations of earlier windows and is biased.
   */
  readonly persistent?: boolean;
}

interface Particles {
  states: unknown[]; // 2 per pair: [+, -]
  xi: Float64Array[]; // accumulated perturbations (in units of eps), one per pair
  episode: number[];
}

/**
 * Persistent evolution strategies for unrolled computations. Each pair of particles runs the
 * inner loop with theta +- sigma eps_t, drawing a fresh eps_t every truncation window, and
 * accumulates xi = sum_t eps_t; the window's estimate is
 * g_t = 1 / (2 N sigma) sum_k xi_k (L+_k - L-_k), whose sum over an unroll is an unbiased estimate
 * of the gradient of the (smoothed) full-unroll loss, unlike truncated ES.
 */
export class PersistentES implements UnrolledGradientEstimator {
  readonly name: string;
  readonly pairs: number;
  readonly sigma: number;
  readonly persistent: boolean;
  private particles: Particles | undefined;
  private dimension = -1;

  constructor(options: PesOptions = {}) {
    this.pairs = checkInt(options.pairs ?? 16, 1, 'PersistentES: pairs');
    this.sigma = checkPositive(options.sigma ?? 0.01, 'PersistentES: sigma');
    this.persistent = options.persistent ?? true;
    this.name = this.persistent ? 'pes' : 'tes';
  }

  reset(): void {
    this.particles = undefined;
  }

  async estimate<S>(theta: Float64Array, task: UnrolledTask<S>, key: Key): Promise<{ gradient: Float64Array; meanLoss: number }> {
    const d = theta.length;
    if (this.particles !== undefined && d !== this.dimension) {
      throw new MetatuneError('SHAPE_MISMATCH', `PersistentES: theta has ${d} entries, the running particles ${this.dimension}`, { hint: 'call reset() before changing the problem' });
    }
    const [noiseKey, initKey, stepKey] = split(key, 3);
    if (this.particles === undefined) {
      this.dimension = d;
      this.particles = { states: [], xi: [], episode: [] };
      for (let k = 0; k < this.pairs; k++) {
        const s = task.init(foldIn(initKey, k));
        this.particles.states.push(s, s);
        this.particles.xi.push(new Float64Array(d));
        this.particles.episode.push(0);
      }
    }
    const p = this.particles;
    const eps = antitheticNoise(noiseKey, this.pairs, d);
    const gradient = new Float64Array(d);
    let lossSum = 0;
    for (let k = 0; k < this.pairs; k++) {
      const e = eps[k];
      const xi = p.xi[k];
      for (let i = 0; i < d; i++) xi[i] = this.persistent ? xi[i] + e[i] : e[i];
      const windowKey = foldIn(stepKey, k);
      const plus = task.unroll(p.states[2 * k] as S, theta.map((t, i) => t + this.sigma * e[i]), windowKey);
      const minus = task.unroll(p.states[2 * k + 1] as S, theta.map((t, i) => t - this.sigma * e[i]), windowKey);
      if (!Number.isFinite(plus.loss) || !Number.isFinite(minus.loss)) {
        throw new MetatuneError('NON_FINITE', `PersistentES: particle pair ${k} returned a non-finite loss (${plus.loss}, ${minus.loss})`, { hint: 'lower sigma or clip the inner loss' });
      }
      const diff = plus.loss - minus.loss;
      for (let i = 0; i < d; i++) gradient[i] += (xi[i] * diff) / (2 * this.pairs * this.sigma);
      lossSum += plus.loss + minus.loss;
      if (plus.done || minus.done) {
        const s = task.init(foldIn(foldIn(initKey, k), ++p.episode[k]));
        p.states[2 * k] = s;
        p.states[2 * k + 1] = s;
        xi.fill(0);
      } else {
        p.states[2 * k] = plus.state;
        p.states[2 * k + 1] = minus.state;
      }
    }
    return { gradient, meanLoss: lossSum / (2 * this.pairs) };
  }
}
