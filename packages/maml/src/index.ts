/**
 * @metatune/maml: MAML (second order), first-order MAML, ANIL and Meta-SGD on @metatune/core, as
 * `MetaLearner`s with a task-batched execution path (one graph per meta-batch for MLPs) and a
 * per-task path (conv4). Register them with `registerMaml()` or use the factories directly.
 *
 * @packageDocumentation
 */
export { maml, fomaml, anil, metaSgd } from './variants';
export { createMamlLearner, evaluateLearner, type MamlLearner, type MamlState } from './learner';
export type { MamlOptions, Execution, InnerOptimizer, ResolvedOptions } from './options';
export type { Theta } from './objective';
export { mamlPlugin, registerMaml, mamlPluginSchema, MAML_VERSION, type MamlPluginOptions } from './plugin';
export { MetaModule, Learner, type MetaModuleOptions } from './module-api';
