import { logH, logNormCdf, normCdf, normPdf } from './normal';

/** The acquisition functions; all are maximised, for a model of an objective that is minimised. */
export type AcquisitionName = 'logEI' | 'EI' | 'PI' | 'UCB';

/** What an acquisition needs besides the posterior: the incumbent and the UCB beta. */
export interface AcquisitionContext {
  /** Best (lowest) observed value, on the model's (standardized) scale. */
  readonly best: number;
  /** Exploration weight of UCB (the lower confidence bound mu - sqrt(beta) sigma is minimised). */
  readonly beta: number;
}

/** Expected improvement below `best`: E[max(best - f, 0)]. */
export function expectedImprovement(mean: number, variance: number, best: number): number {
  const sigma = Math.sqrt(variance);
  const z = (best - mean) / sigma;
  return sigma * (normPdf(z) + z * normCdf(z));
}

/** log EI, finite and ordered even when the improvement underflows (z down to -1e150 and beyond). */
export function logExpectedImprovement(mean: number, variance: number, best: number): number {
  const sigma = Math.sqrt(variance);
  return logH((best - mean) / sigma) + Math.log(sigma);
}

/** Probability of improvement, on the log scale so that tiny probabilities stay ordered. */
export function logProbabilityOfImprovement(mean: number, variance: number, best: number): number {
  return logNormCdf((best - mean) / Math.sqrt(variance));
}

/** Negated lower confidence bound: -(mu - sqrt(beta) sigma). */
export function upperConfidenceBound(mean: number, variance: number, beta: number): number {
  return -(mean - Math.sqrt(beta * variance));
}

/**
 * The default UCB schedule (GP-UCB, Srinivas et al. 2010, Theorem 1 form for finite sets,
 * scaled by 0.2 as Kandasamy et al. 2017 recommend in practice):
 * beta_t = 0.2 * 2 log(d t^2 pi^2 / (6 delta)), delta = 0.1, t = observations + 1.
 */
export function ucbBeta(t: number, d: number, delta = 0.1): number {
  return 0.2 * 2 * Math.log((Math.max(1, d) * (t * t) * Math.PI * Math.PI) / (6 * delta));
}

/** Evaluates the named acquisition at one posterior (mean, variance). */
export function acquisitionValue(name: AcquisitionName, mean: number, variance: number, ctx: AcquisitionContext): number {
  switch (name) {
    case 'logEI':
      return logExpectedImprovement(mean, variance, ctx.best);
    case 'EI':
      return expectedImprovement(mean, variance, ctx.best);
    case 'PI':
      return logProbabilityOfImprovement(mean, variance, ctx.best);
    case 'UCB':
      return upperConfidenceBound(mean, variance, ctx.beta);
  }
}
