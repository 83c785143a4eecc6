/**
 * Meta-experience replay (Riemer et al. 2019) and its baselines (experience replay, online SGD)
 * for continual learning, with task streams, the accuracy matrix and ACC/BWT.
 */
export { mer, experienceReplay, onlineSgd, createContinualLearner, type ContinualLearner, type ContinualState } from './learner';
export { resolveContinualOptions, type ContinualOptions, type ResolvedContinualOptions, type ContinualMethod } from './options';
export { createBuffer, reservoirSlot, sampleIndices, type ReplayBuffer, type ExampleLayout } from './reservoir';
export { merUpdate, erUpdate, sgdStep, interpolate, exampleLoss, type ExampleBatch, type UpdateResult } from './updates';
export { classificationAccuracy, meanLoss } from './evaluation';
export { continualMetrics, type ContinualMetrics } from './metrics';
export { imageStream, disposeStream, rotationMap, type ImageClasses, type ImageStreamOptions, type ContinualTask, type StreamTransform } from './stream';
export { learnStream, type LearnStreamOptions, type LearnStreamResult } from './learn-stream';
export { merEntries, merPluginSchema, type MerPluginOptions } from './plugin-entries';
