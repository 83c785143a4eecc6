/**
 * The machinery shared by 1-D regression families: draw a function per task from a key, sample
 * support and query inputs, and build the tensors host-side in one allocation per batch.
 */
import { type FewShotTask, type Key, type Split, type TaskBatch, type TaskDistribution, MetatuneError, Rng, foldIn, tf } from '@metatune/core';
import { splitKey } from '../split-key';

/** One drawn regression task, before it becomes tensors. */
export interface RegressionDraw {
  readonly xSupport: Float64Array;
  readonly xQuery: Float64Array;
  /** The target function of this task. */
  readonly fn: (x: number) => number;
  /** Noise standard deviation added to targets (0 for none). */
  readonly noise: number;
  /** Ground truth for plots and reports (amplitude, phase, ...). */
  readonly info: Readonly<Record<string, unknown>>;
}

/** Options every 1-D regression family shares. */
export interface RegressionOptions {
  /** Support points per task, K (default 10; 5, 10 and 20 are the standard settings). */
  readonly shots?: number;
  /** Query points per task (default: equal to `shots`, as in the MAML paper). */
  readonly queryShots?: number;
  /** The split tasks are drawn from (default `train`). */
  readonly split?: Split;
}

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new MetatuneError('INVALID_ARGUMENT', `${what} must be a positive integer, got ${value}`);
  }
}

/**
 * A `TaskDistribution` over 1-D functions. `sample(key)` is the first task of
 * `sampleBatch(key, T)`; task `t` of a batch is drawn from `foldIn(splitKey(key, split), t)`.
 */
export class RegressionDistribution implements TaskDistribution {
  readonly kind = 'regression' as const;
  readonly inputShape = [1] as const;
  readonly outputSize = 1;
  readonly split: Split;
  readonly shots: number;
  readonly queryShots: number;

  /**
   * @param name registry-style family name
   * @param draw draws one task from a stream, given the support and query sizes
   * @param options shots and split
   * @param rebuild makes the same family in another split
   */
  constructor(
    readonly name: string,
    private readonly draw: (rng: Rng, shots: number, queryShots: number) => RegressionDraw,
    options: RegressionOptions,
    private readonly rebuild: (split: Split) => TaskDistribution,
  ) {
    this.shots = options.shots ?? 10;
    this.queryShots = options.queryShots ?? this.shots;
    this.split = options.split ?? 'train';
    checkCount(this.shots, 'shots (support points per task)');
    checkCount(this.queryShots, 'queryShots (query points per task)');
  }

  /** The host-side draws of `size` tasks (what `sampleBatch` turns into tensors). */
  draws(key: Key, size: number): RegressionDraw[] {
    checkCount(size, 'the batch size');
    const base = splitKey(key, this.split);
    return Array.from({ length: size }, (_, t) => this.draw(new Rng(foldIn(base, t)), this.shots, this.queryShots));
  }

  sample(key: Key): FewShotTask {
    const batch = this.sampleBatch(key, 1);
    const squeeze = (t: tf.Tensor) => {
      const s = tf.squeeze(t, [0]);
      t.dispose();
      return s;
    };
    return {
      support: { x: squeeze(batch.support.x), y: squeeze(batch.support.y) },
      query: { x: squeeze(batch.query.x), y: squeeze(batch.query.y) },
      info: batch.info?.[0],
    };
  }

  sampleBatch(key: Key, size: number): TaskBatch {
    return drawsToBatch(this.draws(key, size), foldIn(splitKey(key, this.split), 0xffffffff));
  }

  withSplit(split: Split): TaskDistribution {
    return this.rebuild(split);
  }
}

/** Evaluates the drawn functions and stacks them into `[T, K, 1]` tensors (noise from `noiseKey`). */
export function drawsToBatch(draws: readonly RegressionDraw[], noiseKey: Key): TaskBatch {
  const T = draws.length;
  const K = draws[0].xSupport.length;
  const Q = draws[0].xQuery.length;
  const xs = new Float32Array(T * K);
  const ys = new Float32Array(T * K);
  const xq = new Float32Array(T * Q);
  const yq = new Float32Array(T * Q);
  draws.forEach((d, t) => {
    const rng = d.noise > 0 ? new Rng(foldIn(noiseKey, t)) : undefined;
    const noisy = (x: number) => d.fn(x) + (rng ? d.noise * rng.normal() : 0);
    for (let i = 0; i < K; i++) {
      xs[t * K + i] = d.xSupport[i];
      ys[t * K + i] = noisy(d.xSupport[i]);
    }
    for (let i = 0; i < Q; i++) {
      xq[t * Q + i] = d.xQuery[i];
      yq[t * Q + i] = noisy(d.xQuery[i]);
    }
  });
  return {
    support: { x: tf.tensor3d(xs, [T, K, 1]), y: tf.tensor3d(ys, [T, K, 1]) },
    query: { x: tf.tensor3d(xq, [T, Q, 1]), y: tf.tensor3d(yq, [T, Q, 1]) },
    size: T,
    info: draws.map((d) => d.info),
  };
}

/** `count` uniform inputs in [low, high). */
export function uniformInputs(rng: Rng, count: number, low: number, high: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = rng.between(low, high);
  return out;
}
