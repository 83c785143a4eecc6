import type { Scalar } from '@tensorflow/tfjs-core';
import type { Params } from '../params/types';

/**
 * A learning rate: a number, a scalar tensor (so it can be learned or differentiated), or a
 * params tree of per-parameter rates with the structure of the params (Meta-SGD); each leaf
 * must broadcast against its parameter (a scalar per tensor, or the full shape).
 */
export type LearningRate = number | Scalar | Params;

/**
 * A differentiable optimizer in init/update form (optax style). `update` returns the updates
 * (already carrying the minus sign) and the next state; {@link applyUpdates} adds them. Built
 * from differentiable tf ops only, so it serves both as an outer optimizer and inside an inner
 * loop that is differentiated through. It never disposes its inputs: run it in `tf.tidy`.
 */
export interface Optimizer<S extends Params = Params> {
  /** The optimizer's name (`'sgd'`, `'adam'`, ...). */
  readonly name: string;
  /** The initial state for `params` (zeros for moments; a step count for adam). */
  init(params: Params): S;
  /** Updates for `grads` and the next state; `params` is needed only with `weightDecay`. */
  update(grads: Params, state: S, params?: Params): { updates: Params; state: S };
}

/** Options every optimizer takes. */
export interface CommonOptions {
  /** Learning rate (see {@link LearningRate}). */
  lr: LearningRate;
  /** L2 weight decay added to the gradient: `g + weightDecay * params` (PyTorch's `weight_decay`); default 0. */
  weightDecay?: number;
}
