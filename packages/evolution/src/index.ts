/**
 * @metatune/evolution — population methods: CMA-ES (full, separable, IPOP/BIPOP, margin,
 * WS-CMA-ES), differential evolution, particle swarm, a mixed-space GA, and OpenAI-ES / PES
 * gradient estimators. Each is a plain ask/tell optimizer over Float64 vectors and, through
 * {@link PopulationSampler}, a stateless core `Sampler`.
 */
export { CMAES, type CmaesOptions, type CmaesStopReason } from './cmaes/cmaes';
export { RestartCMAES, type RestartCmaesOptions, type RestartRecord } from './cmaes/restarts';
export { warmStartDistribution, type WarmStartDistribution } from './cmaes/warm-start';
export { DifferentialEvolution, type DeOptions } from './de/de';
export { ParticleSwarm, type PsoOptions } from './pso/pso';
export { GeneticAlgorithm, type GaOptions } from './ga/ga';
export { OpenAIES, OpenAIESEstimator, antitheticNoise, type OpenAIESOptions, type EsEstimatorOptions } from './es/openai-es';
export { PersistentES, type PesOptions } from './es/pes';
export type { UnrolledTask, UnrolledGradientEstimator } from './es/unrolled';
export { centeredRanks } from './es/fitness-shaping';
export type { VectorOptimizer } from './util/optimizer';
export { symmetricEigen, type Eigen } from './util/eigen';
export { symmetricEigenQL } from './util/eigen-ql';
export {
  PopulationSampler,
  unitCubeProblem,
  encodeTrial,
  type UnitCubeProblem,
  type OptimizerFactory,
  type PopulationSamplerOptions,
} from './sampler/population-sampler';
export {
  cmaesSampler,
  deSampler,
  psoSampler,
  gaSampler,
  esSampler,
  type CmaesSamplerOptions,
  type DeSamplerOptions,
  type PsoSamplerOptions,
  type GaSamplerOptions,
  type EsSamplerOptions,
} from './sampler/samplers';
export { evolutionPlugin, registerEvolution, EVOLUTION_VERSION } from './plugin';
