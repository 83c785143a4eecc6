/**
 * Helpers the training-task objectives share: one optimizer step with no tensor leaks, and a
 * cap that turns diverged runs into a large finite value samplers can rank.
 */
import { type Params, disposeParams, optim, tf, valueAndGrad } from '@metatune/core';

/** Parameters and optimizer state between steps. */
export interface TrainState {
  params: Params;
  state: Params;
}

/** One optimizer step on `loss`; disposes the previous params and state, returns the loss value. */
export function step(current: TrainState, optimizer: optim.Optimizer, loss: (p: Params) => tf.Scalar): number {
  const out = tf.tidy(() => {
    const { value, grads } = valueAndGrad(loss)(current.params);
    const { updates, state } = optimizer.update(grads, current.state, current.params);
    return { params: optim.applyUpdates(current.params, updates), state, value };
  });
  disposeParams(current.params);
  disposeParams(current.state);
  current.params = out.params;
  current.state = out.state;
  const v = out.value.dataSync()[0];
  out.value.dispose();
  return v;
}

/** `value` when finite and below `cap`, else `cap` (a diverged run scores as badly as the cap). */
export function capped(value: number, cap: number): number {
  return Number.isFinite(value) ? Math.min(value, cap) : cap;
}
