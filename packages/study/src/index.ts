/**
 * @metatune/study: the hyperparameter-optimisation engine every sampler plugs into: studies,
 * trials, ask/tell and optimize, pruners, heartbeats, and storages selected by URL
 * (memory:, sqlite:, postgres://).
 *
 * @packageDocumentation
 */
export { Study, createStudy, loadStudy, type CreateStudyOptions, type StudyRuntimeOptions, type OptimizeOptions, type OptimizeSummary, type Objective, type TellResult } from './study';
export { Trial, TrialPruned } from './trial';
export { runWorker, type WorkerOptions } from './worker';
export { HistoryView } from './history';
export { HeartbeatKeeper } from './heartbeat';
export { dominates, nonDominatedSort } from './pareto';
export { trialsTable, type TrialRow } from './table';
export { RandomSampler } from './samplers/random';
export { GridSampler, SearchExhausted, enumerateGrid, type GridSamplerOptions } from './samplers/grid';
export { MemoryStorage } from './storage/memory';
export { openStorage, parseStorageUrl, redactUrl, redactSecrets, DEFAULT_STORAGE_URL, type StorageLocation, type OpenStorageOptions } from './storage/url';
export { canonicalJson, assertSameSpec, assertValidSpec } from './storage/spec';
export { PercentilePruner, MedianPruner, quantile, type PercentilePrunerOptions } from './pruners/percentile';
export { SuccessiveHalvingPruner, type SuccessiveHalvingOptions } from './pruners/successive-halving';
export { HyperbandPruner, type HyperbandOptions } from './pruners/hyperband';
export { studyPlugin, registerStudy, type NoOptions } from './plugin';
