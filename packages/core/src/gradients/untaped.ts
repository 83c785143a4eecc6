import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn` without recording its ops on the gradient tape and returns its result as a constant.
 *
 * Why: tfjs links every tensor computed from `x` into the backward graph, including integer
 * index tensors (argmax positions); backprop then asks for a float32 gradient of an int32 input
 * and throws. A `customGrad` with no inputs runs its body at kernel depth 1 (not recorded) and
 * its node has no inputs, so the result is cut off from every gradient path.
 */
export function untaped<T extends tf.Tensor>(fn: () => T): T {
  const op = tf.customGrad(() => ({ value: fn(), gradFunc: () => [] }));
  return (op as () => T)();
}
