/**
 * The sine-and-line mixture, a multimodal regression family (Finn, Xu & Levine, "Probabilistic
 * Model-Agnostic Meta-Learning", NeurIPS 2018; also Vuorio et al. 2019): each task is, with equal
 * probability, a sinusoid A sin(x - phi) as in MAML or a line y = a x + b with a, b ~ U[-3, 3].
 */
import { type Split, MetatuneError } from '@metatune/core';
import { type RegressionDraw, type RegressionOptions, RegressionDistribution, uniformInputs } from './family';

/** Options of the sine-and-line family. */
export interface SineLineOptions extends RegressionOptions {
  /** Probability that a task is a sinusoid (default 0.5). */
  readonly sineProbability?: number;
  /** Slope and intercept range of lines (default [-3, 3]). */
  readonly lineRange?: readonly [number, number];
  /** Standard deviation of Gaussian noise on the targets (default 0; PLATIPUS used 0.3). */
  readonly noiseStd?: number;
}

/**
 * The sine-and-line mixture distribution; `info.mode` says which one a task is.
 *
 * @example
 * const mixture = sineLine({ shots: 5, noiseStd: 0.3 });
 */
export function sineLine(options: SineLineOptions = {}): RegressionDistribution {
  const p = options.sineProbability ?? 0.5;
  const [low, high] = options.lineRange ?? [-3, 3];
  const noise = options.noiseStd ?? 0;
  if (!(p >= 0 && p <= 1)) throw new MetatuneError('INVALID_ARGUMENT', `sineProbability must be in [0, 1], got ${p}`);
  if (!(low < high)) throw new MetatuneError('INVALID_ARGUMENT', `lineRange must have low < high, got [${low}, ${high}]`);
  if (!(noise >= 0)) throw new MetatuneError('INVALID_ARGUMENT', `noiseStd must be >= 0, got ${noise}`);
  return new RegressionDistribution(
    'sine-line',
    (rng, shots, queryShots): RegressionDraw => {
      const isSine = rng.uniform() < p;
      const u = rng.uniform();
      const v = rng.uniform();
      const xSupport = uniformInputs(rng, shots, -5, 5);
      const xQuery = uniformInputs(rng, queryShots, -5, 5);
      if (isSine) {
        const amplitude = 0.1 + 4.9 * u;
        const phase = Math.PI * v;
        return { xSupport, xQuery, noise, fn: (x) => amplitude * Math.sin(x - phase), info: { mode: 'sine', amplitude, phase } };
      }
      const slope = low + (high - low) * u;
      const intercept = low + (high - low) * v;
      return { xSupport, xQuery, noise, fn: (x) => slope * x + intercept, info: { mode: 'line', slope, intercept } };
    },
    options,
    (split: Split) => sineLine({ ...options, split }),
  );
}
