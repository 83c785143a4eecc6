/**
 * The meta-training loop every meta-learner shares: {@link runMetaTraining} with meta-validation,
 * early stopping and atomic checkpoints; {@link estimate} for means with 95% intervals.
 */
export { estimate } from './estimate';
export { checkTaskBatch } from './check-batch';
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, saveCheckpoint, loadCheckpoint, type TrainingCheckpoint } from './checkpoint';
export {
  runMetaTraining,
  type MetaTrainingOptions,
  type MetaTrainingResult,
  type ValidationOptions,
  type EarlyStoppingOptions,
  type CheckpointOptions,
  type TrainingEvent,
  type ValidationRecord,
} from './loop';
