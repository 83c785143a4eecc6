/**
 * Runs a continual learner over a task stream, one task after another in a single pass, and
 * measures the accuracy matrix R (test accuracy on every task after each task) with ACC and BWT.
 */
import { MetatuneError, type Key } from '@metatune/core';
import type { ContinualLearner, ContinualState } from './learner';
import { continualMetrics, type ContinualMetrics } from './metrics';
import type { ContinualTask } from './stream';

/** Options of {@link learnStream}. */
export interface LearnStreamOptions {
  /** Key of the learner's initial parameters and of its random choices. */
  readonly key: Key;
  /** Called after each task with its index and the accuracy row just measured. */
  readonly onTask?: (task: number, accuracies: readonly number[]) => void;
  /** Keep the final state (the caller disposes it with `learner.disposeState`); default false. */
  readonly keepState?: boolean;
}

/** What {@link learnStream} measured. */
export interface LearnStreamResult extends ContinualMetrics {
  /** `accuracy[i][j]`: test accuracy on task j after learning tasks 0..i. */
  readonly accuracy: number[][];
  /** Test accuracy on every task before any training (for FWT). */
  readonly initial: number[];
  /** Mean training loss of each task's steps. */
  readonly trainLoss: number[];
  /** The final state when `keepState` is set. */
  readonly state?: ContinualState;
}

/**
 * Learns `stream`'s tasks in order (each task's training examples once, in their order) and
 * evaluates on every task's test set after each task.
 */
export function learnStream(learner: ContinualLearner, stream: readonly ContinualTask[], options: LearnStreamOptions): LearnStreamResult {
  if (!Array.isArray(stream) || stream.length === 0) {
    throw new MetatuneError('INVALID_ARGUMENT', 'learnStream needs at least one task', { hint: 'build a stream with imageStream(images, { tasks: 10, key })' });
  }
  let state = learner.init(options.key);
  try {
    const evaluateAll = () => stream.map((task) => learner.accuracy(state, task.test));
    const initial = evaluateAll();
    const accuracy: number[][] = [];
    const trainLoss: number[] = [];
    stream.forEach((task, i) => {
      const out = learner.observe(state, task.train);
      state = out.state;
      trainLoss.push(out.metrics.loss);
      const row = evaluateAll();
      accuracy.push(row);
      options.onTask?.(i, row);
    });
    const metrics = continualMetrics(accuracy, initial);
    if (options.keepState) return { ...metrics, accuracy, initial, trainLoss, state };
    learner.disposeState(state);
    return { ...metrics, accuracy, initial, trainLoss };
  } catch (error) {
    learner.disposeState(state);
    throw error;
  }
}
