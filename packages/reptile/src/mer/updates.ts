/**
 * The per-example update rules of the continual learners: MER (Riemer et al. 2019, Algorithm 1),
 * experience replay and online SGD. Each takes the parameters before an incoming example and
 * returns the parameters after it; the caller updates the reservoir afterwards.
 *
 * MER, Algorithm 1 of the paper, for one incoming example (x, y), mapped to {@link merUpdate}:
 *
 *     θ_0^A ← θ                                       // `before`
 *     for i = 1..s:                                   // `opts.batches`
 *       B_i ← (x, y) plus k random buffer examples    // `batches[i]`, drawn by the caller
 *       θ_{i,0}^W ← θ                                 // `batchStart`
 *       for j = 1..|B_i|: θ ← SGD(B_i[j], θ, α)       // one example at a time, rate `opts.lr`
 *       θ ← θ_{i,0}^W + β (θ − θ_{i,0}^W)             // within-batch Reptile step, `opts.beta`
 *     θ ← θ_0^A + γ (θ − θ_0^A)                       // across-batch Reptile step, `opts.gamma`
 *     M ← reservoir update with (x, y)                // in the learner, after the update
 *
 * The paper writes the batch size as k including the incoming example; `replay` here is the
 * number of buffer examples (the reference code's `replay_batch_size`), so |B_i| = replay + 1,
 * incoming example first, as in the reference code. With β = γ = 1 both Reptile steps are the
 * identity and MER is s (replay + 1) plain SGD steps.
 */
import { disposeParams, losses, mapParams, tf, valueAndGrad, zipParams, type Params } from '@metatune/core';
import type { ResolvedContinualOptions } from './options';

/** A batch of examples as tensors: `x [n, ...]`, `y [n]` int32 labels or `y [n, ...]` float32 targets. */
export interface ExampleBatch {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
}

/** The loss of a model output against targets: softmax cross-entropy for int32 labels, MSE otherwise. */
export function exampleLoss(output: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return y.dtype === 'int32' ? losses.softmaxCrossEntropy(output, y) : losses.mse(output, y);
}

/**
 * One plain SGD step `θ − α ∇L(θ; batch)` on the batch's mean loss. Returns new tensors (the
 * caller disposes `params` when it no longer needs them) and the loss before the step.
 */
export function sgdStep(opts: ResolvedContinualOptions, params: Params, batch: ExampleBatch): { params: Params; loss: tf.Scalar } {
  return tf.tidy(() => {
    const { value, grads } = valueAndGrad((p: Params) => exampleLoss(opts.model.apply(p, batch.x), batch.y))(params);
    const next = zipParams(params, grads, (t, g) => tf.sub(t, tf.mul(g, opts.lr)));
    return { params: next, loss: value } as unknown as tf.TensorContainer;
  }) as unknown as { params: Params; loss: tf.Scalar };
}

/** `from + rate (to − from)`, leaf by leaf (the Reptile interpolation). */
export function interpolate(from: Params, to: Params, rate: number): Params {
  return tf.tidy(() => zipParams(from, to, (a, b) => tf.add(a, tf.mul(tf.sub(b, a), rate))) as unknown as tf.TensorContainer) as unknown as Params;
}

function disposeUnless(p: Params, ...keep: Params[]): void {
  if (!keep.includes(p)) disposeParams(p);
}

function row(batch: ExampleBatch, j: number): ExampleBatch {
  return { x: tf.slice(batch.x, [j], [1]), y: tf.slice(batch.y, [j], [1]) };
}

/** The result of one update rule: new parameters (owned by the caller) and the summed step losses. */
export interface UpdateResult {
  readonly params: Params;
  /** Sum of the losses of every SGD step taken (a scalar the caller disposes). */
  readonly lossSum: tf.Scalar;
  /** Number of SGD steps taken. */
  readonly steps: number;
}

/**
 * MER's update for one incoming example (Algorithm 1; see the file comment). `batches[i]` is B_i
 * with the incoming example in row 0. Does not dispose `params`.
 */
export function merUpdate(opts: ResolvedContinualOptions, params: Params, batches: readonly ExampleBatch[]): UpdateResult {
  const before = params;
  let theta = params;
  const stepLosses: tf.Scalar[] = [];
  for (const batch of batches) {
    const batchStart = theta;
    const n = batch.x.shape[0];
    for (let j = 0; j < n; j++) {
      const example = row(batch, j);
      const out = sgdStep(opts, theta, example);
      tf.dispose([example.x, example.y]);
      disposeUnless(theta, batchStart, before);
      theta = out.params;
      stepLosses.push(out.loss);
    }
    const within = interpolate(batchStart, theta, opts.beta);
    disposeUnless(theta, batchStart, before);
    disposeUnless(batchStart, before);
    theta = within;
  }
  const after = interpolate(before, theta, opts.gamma);
  disposeUnless(theta, before);
  return { params: after, lossSum: sumScalars(stepLosses), steps: stepLosses.length };
}

/**
 * Experience replay: one SGD step on each batch B_i (the incoming example plus k buffer
 * examples, mean loss), no Reptile step. Does not dispose `params`.
 */
export function erUpdate(opts: ResolvedContinualOptions, params: Params, batches: readonly ExampleBatch[]): UpdateResult {
  let theta = params;
  const stepLosses: tf.Scalar[] = [];
  for (const batch of batches) {
    const out = sgdStep(opts, theta, batch);
    disposeUnless(theta, params);
    theta = out.params;
    stepLosses.push(out.loss);
  }
  // With zero batches the caller still owns a copy it may dispose.
  if (theta === params) theta = tf.tidy(() => mapParams(params, (t) => tf.clone(t)) as unknown as tf.TensorContainer) as unknown as Params;
  return { params: theta, lossSum: sumScalars(stepLosses), steps: stepLosses.length };
}

function sumScalars(xs: tf.Scalar[]): tf.Scalar {
  const total = tf.tidy(() => (xs.length === 0 ? tf.scalar(0) : (tf.addN(xs) as tf.Scalar)));
  tf.dispose(xs);
  return total;
}
