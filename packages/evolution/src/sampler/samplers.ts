import { MetatuneError, type ParamValues, Rng, type Sampler, foldIn } from '@metatune/core';
import { CMAES } from '../cmaes/cmaes';
import { RestartCMAES } from '../cmaes/restarts';
import { warmStartDistribution } from '../cmaes/warm-start';
import { DifferentialEvolution } from '../de/de';
import { GeneticAlgorithm } from '../ga/ga';
import { ParticleSwarm } from '../pso/pso';
import { OpenAIES } from '../es/openai-es';
import { PopulationSampler, type PopulationSamplerOptions, type UnitCubeProblem, encodeTrial } from './population-sampler';

const unitBox = (d: number) => Array.from({ length: d }, () => [0, 1] as const);

/** Options of the CMA-ES sampler (`sampler:cmaes`). */
export interface CmaesSamplerOptions extends PopulationSamplerOptions {
  /** Initial step size in the unit cube (default 1/6, as Optuna: a sixth of the range). */
  readonly sigma?: number;
  /**
   * Initial mean (x0): 'centre' of the space's unit cube (the default, as Optuna's CmaEsSampler),
   * 'random' (uniform in the cube, drawn from the seed), or parameter values (like Optuna's `x0`;
   * every parameter of the space must be given). Ignored when a warm start supplies the mean.
   */
  readonly x0?: 'centre' | 'random' | ParamValues;
  readonly populationSize?: number;
  /** Separable (diagonal) CMA-ES. */
  readonly diagonal?: boolean;
  /** Restart strategy (default 'none'). */
  readonly restart?: 'none' | 'ipop' | 'bipop';
  /** Keep discretised coordinates moving with the margin (default true). */
  readonly withMargin?: boolean;
  /** How each generation's steps are drawn (default 'mirrored-orthogonal'; see `CmaesOptions.sampling`). */
  readonly sampling?: 'mirrored-orthogonal' | 'independent';
  /** WS-CMA-ES: fraction of the best source trials to fit (default 0.1) and their spread alpha (default 0.1). */
  readonly warmStartGamma?: number;
  readonly warmStartAlpha?: number;
}

/** CMA-ES over the unit cube of the search space, with WS-CMA-ES warm starts from earlier studies. */
export function cmaesSampler(options: CmaesSamplerOptions = {}): Sampler {
  return new PopulationSampler('cmaes', (p: UnitCubeProblem) => {
    let mean = initialMean(p, options.x0 ?? 'centre');
    let sigma = options.sigma ?? 1 / 6;
    let covariance: Float64Array | undefined;
    const names = Object.keys(p.space).join('\u0000');
    const sources = p.previous.filter((s) => Object.keys(s.study.space).join('\u0000') === names);
    const xs: Float64Array[] = [];
    const fs: number[] = [];
    for (const s of sources) {
      const sign = s.study.directions[0] === 'maximize' ? -1 : 1;
      for (const t of s.trials) {
        if (t.state !== 'COMPLETE' || t.values?.[0] === undefined) continue;
        xs.push(encodeTrial(p.space, t.params));
        fs.push(sign * t.values[0]);
      }
    }
    if (xs.length > 0 && !options.diagonal) {
      const ws = warmStartDistribution(xs, fs, { gamma: options.warmStartGamma, alpha: options.warmStartAlpha });
      mean = ws.mean.map((v) => Math.min(1, Math.max(0, v)));
      sigma = ws.sigma;
      covariance = ws.covariance;
    }
    const common = {
      mean,
      sigma,
      covariance,
      populationSize: options.populationSize,
      diagonal: options.diagonal,
      bounds: unitBox(p.dimension),
      discreteWidths: options.withMargin === false ? undefined : p.discreteWidths,
      // A trial costs far more than an O(d^3) decomposition: keep B, D exact every generation, as Optuna's `cmaes` does.
      eigenUpdateGap: 0,
      sampling: options.sampling,
      seed: p.key,
    };
    const restart = options.restart ?? 'none';
    return restart === 'none' ? new CMAES(common) : new RestartCMAES({ ...common, strategy: restart });
  }, options);
}

/** The unit-cube start of the CMA-ES sampler. */
function initialMean(p: UnitCubeProblem, x0: 'centre' | 'random' | ParamValues): Float64Array {
  if (x0 === 'centre') return new Float64Array(p.dimension).fill(0.5);
  if (x0 === 'random') {
    // A stream of its own (fold 1) so the start does not shift the optimizer's samples.
    const rng = new Rng(foldIn(p.key, 1));
    return Float64Array.from({ length: p.dimension }, () => rng.uniform());
  }
  const missing = Object.keys(p.space).filter((name) => x0[name] === undefined);
  if (missing.length > 0) {
    throw new MetatuneError('INVALID_OPTIONS', `cmaes sampler: x0 lacks ${missing.join(', ')}`, { hint: "give a value for every parameter of the space, or use x0: 'centre' | 'random'" });
  }
  const mean = encodeTrial(p.space, x0);
  if (!mean.every((v) => v >= 0 && v <= 1)) {
    throw new MetatuneError('INVALID_OPTIONS', 'cmaes sampler: x0 lies outside the search space', { hint: 'pick x0 inside every parameter range' });
  }
  return mean;
}

/** Options of the differential-evolution sampler (`sampler:de`). */
export interface DeSamplerOptions extends PopulationSamplerOptions {
  readonly strategy?: 'current-to-pbest1' | 'rand1bin';
  readonly populationSize?: number;
  readonly F?: number;
  readonly CR?: number;
}

/** Differential evolution (JADE by default) over the unit cube. */
export function deSampler(options: DeSamplerOptions = {}): Sampler {
  return new PopulationSampler('de', (p) => new DifferentialEvolution({ ...options, bounds: unitBox(p.dimension), seed: p.key }), options);
}

/** Options of the particle-swarm sampler (`sampler:pso`). */
export interface PsoSamplerOptions extends PopulationSamplerOptions {
  readonly populationSize?: number;
  readonly variant?: 'inertia' | 'constriction';
  readonly topology?: 'global' | 'ring';
}

/** Particle swarm over the unit cube. */
export function psoSampler(options: PsoSamplerOptions = {}): Sampler {
  return new PopulationSampler('pso', (p) => new ParticleSwarm({ ...options, bounds: unitBox(p.dimension), seed: p.key }), options);
}

/** Options of the genetic-algorithm sampler (`sampler:ga`). */
export interface GaSamplerOptions extends PopulationSamplerOptions {
  readonly populationSize?: number;
  readonly crossover?: 'sbx' | 'uniform';
  readonly mutationProb?: number;
  readonly elites?: number;
  readonly tournamentSize?: number;
}

/** Genetic algorithm over mixed spaces: categorical parameters are categorical genes. */
export function gaSampler(options: GaSamplerOptions = {}): Sampler {
  return new PopulationSampler('ga', (p) => new GeneticAlgorithm({ ...options, bounds: unitBox(p.dimension), categories: Array.from(p.categories), seed: p.key }), options);
}

/** Options of the evolution-strategies sampler (`sampler:es`). */
export interface EsSamplerOptions extends PopulationSamplerOptions {
  /** Antithetic pairs per generation (default 8). */
  readonly pairs?: number;
  /** Perturbation scale in the unit cube (default 0.1). */
  readonly sigma?: number;
  /** Adam learning rate in the unit cube (default 0.05). */
  readonly learningRate?: number;
}

/** OpenAI-ES (antithetic, centred ranks, Adam) over the unit cube, clipped into it. */
export function esSampler(options: EsSamplerOptions = {}): Sampler {
  return new PopulationSampler('es', (p) => {
    if (p.dimension < 1) throw new MetatuneError('INVALID_SPACE', 'es sampler needs at least one parameter');
    return new OpenAIES({
      mean: new Float64Array(p.dimension).fill(0.5),
      sigma: options.sigma ?? 0.1,
      pairs: options.pairs ?? 8,
      learningRate: options.learningRate ?? 0.05,
      bounds: unitBox(p.dimension),
      seed: p.key,
    });
  }, options);
}

