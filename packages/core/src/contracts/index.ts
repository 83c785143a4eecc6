export type { DataSet } from './data';
export type { Split, TaskKind, FewShotTask, TaskBatch, TaskDistribution, OptimizeeTask, OptimizeeDistribution } from './task';
export type { Metrics, Estimate, EvaluationResult, JsonValue, MetaLearnerCheckpoint, MetaLearner } from './meta-learner';
export type { TrialState, Direction, TrialRecord, StudyRecord, PreviousStudy } from './trial';
export type { TrialHistory, SampleRequest, Sampler } from './sampler';
export type { Pruner } from './pruner';
export type { StudySpec, NewTrial, TrialOutcome, TrialQuery, StaleTrialOptions, Storage } from './storage';
export type { GradientEstimator } from './gradient-estimator';
