/**
 * Reptile (Nichol, Achiam & Schulman 2018): serial and batched, any core inner optimizer,
 * annealed outer step size, task-batched execution for MLPs.
 */
export { reptile, type ReptileLearner, type ReptileState } from './learner';
export { detectMlp, type MlpSpec, type FastActivation } from './mlp-fast-path';
export { evaluateReptile } from './evaluate';
export { stepSizeAt, type ReptileOptions, type ResolvedReptileOptions, type ReptileExecution, type ReptileInnerOptimizer } from './options';
export { reptilePluginSchema, type ReptilePluginOptions } from './plugin-entries';
