import * as tf from '@tensorflow/tfjs-core';

const stop = tf.customGrad((x, _save) => ({
  value: tf.clone(x as tf.Tensor),
  // A fresh constant (not zerosLike(dy)): it has no inputs, so no order of derivative reaches it.
  gradFunc: (dy: tf.Tensor) => tf.zeros(dy.shape, 'float32'),
}));

/**
 * Identity in the forward pass, zero gradient in the backward pass (like `jax.lax.stop_gradient`):
 * first-order MAML is `grad` of a loss whose inner-loop gradients went through `stopGradient`.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
