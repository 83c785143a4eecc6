/**
 * @metatune/reptile: Reptile (Nichol et al. 2018; serial and task-batched) and meta-experience
 * replay (MER, Riemer et al. 2019) for continual learning, as `MetaLearner`s on @metatune/core.
 * Register them with `registerReptile()` or use the factories directly.
 *
 * @packageDocumentation
 */
export * from './reptile/index';
export * from './mer/index';
export { reptilePlugin, registerReptile, REPTILE_VERSION } from './plugin';
