/**
 * @metatune/bayesopt: Gaussian-process Bayesian optimisation and TPE samplers on core's
 * `Sampler` contract, with transfer (warm-started) HPO from earlier studies.
 */
export { GpSampler, type GpSamplerOptions, type PendingStrategy, type WarmStartMethod, subsetIndices, searchBox } from './gp/sampler';
export { type TrustRegionOptions, type TrustRegionState, replayTrustRegion, resolveTrustRegion, trustRegionBox } from './gp/trust-region';
export { TpeSampler, type TpeSamplerOptions, defaultGamma, defaultWeights } from './tpe/sampler';
export { ParzenEstimator, type ParzenDimension, type ParzenOptions, univariateSigmas } from './tpe/parzen';
export { GpModel, type GpHyperparameters, type Posterior } from './gp/model';
export { fitGp, negLogPosterior, defaultPriors, thetaBounds, thetaToHyper, hyperToTheta, pairwiseSqDiffs, type FitGpOptions, type GpPriors } from './gp/fit';
export { matern52, matern52Slope, kernelMatrix, kernelVector } from './gp/kernel';
export {
  type AcquisitionName,
  type AcquisitionContext,
  acquisitionValue,
  expectedImprovement,
  logExpectedImprovement,
  logProbabilityOfImprovement,
  upperConfidenceBound,
  ucbBeta,
} from './acquisition/functions';
export { normPdf, normCdf, logNormCdf, logH, millsRatio } from './acquisition/normal';
export { optimizeAcquisition, type AcquisitionOptimizerOptions, type BatchScore } from './acquisition/optimizer';
export { cholesky, choleskyRaw, cholSolve, solveLower, solveUpperT, logDetFromCholesky, inverseFromCholesky, type CholeskyFactor } from './linalg/cholesky';
export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult, type ValueAndGradient } from './linalg/lbfgs';
export { Sobol, SOBOL_MAX_DIMENSION, directionNumbers } from './linalg/sobol';
export { FeatureMap } from './space/features';
export { rgpeWeights, ensemblePredict, rankingLoss, leaveOneOut } from './transfer/rgpe';
export { powerTransform, yeoJohnson } from './util/power-transform';
export { bayesoptPlugin, registerBayesopt, BAYESOPT_VERSION } from './plugin';
