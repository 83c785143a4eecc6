import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Params } from '../params/types';
import type { Activation, MlpArchitecture } from './module';

/** The activation's derivative as a function of its output `h` (cheaper than keeping `z`). */
const DERIVATIVE_FROM_OUTPUT: Partial<Record<Activation, (h: Tensor) => Tensor>> = {
  // relu(z) > 0 exactly where z > 0; step's own gradient is zero, as relu's second derivative.
  relu: (h) => tf.step(h),
  tanh: (h) => tf.sub(1, tf.square(h)),
  sigmoid: (h) => tf.mul(h, tf.sub(1, h)),
};

const ACTIVATE: Partial<Record<Activation, (z: Tensor) => Tensor>> = {
  relu: (z) => tf.relu(z),
  tanh: (z) => tf.tanh(z),
  sigmoid: (z) => tf.sigmoid(z),
};

/** Whether {@link mlpMseGradients} handles this architecture's activation (relu, tanh, sigmoid). */
export function hasAnalyticMseGradient(architecture: MlpArchitecture | undefined): architecture is MlpArchitecture {
  return architecture?.kind === 'mlp' && architecture.activation in DERIVATIVE_FROM_OUTPUT;
}

/**
 * Whether the layers chain and x, y fit them. A mismatch is left to `model.apply` (through the
 * caller's fallback), whose error names the layer and the fix.
 */
function shapesFit(weights: Tensor[], biases: Tensor[], x: Tensor, y: Tensor, batched: boolean): boolean {
  const rank = batched ? 3 : 2;
  if (y.rank !== x.rank || y.shape.slice(0, -1).some((d, i) => d !== x.shape[i])) return false;
  let width = x.shape[x.rank - 1];
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    const b = biases[i];
    if (w.rank !== rank || b.rank !== rank - 1 || w.shape[rank - 2] !== width || b.shape[rank - 2] !== w.shape[rank - 1]) return false;
    if (batched && (w.shape[0] !== x.shape[0] || b.shape[0] !== x.shape[0])) return false;
    width = w.shape[rank - 1];
  }
  return y.shape[y.rank - 1] === width;
}

/**
 * The gradient of an MLP's mean squared error with respect to every parameter, with the forward
 * and backward passes written out as ordinary ops instead of recorded and replayed by tfjs's
 * tape: a third of the kernels, no saved-tensor copies, no broadcast bookkeeping.
 *
 * - Task-batched params (`w [T, in, out]`, `b [T, out]`, x `[T, N, in]`, y `[T, N, out]`): the
 *   gradient of the sum over tasks of each task's mean error, so every task gets its own,
 *   unscaled gradient (what an inner loop of MAML or Reptile needs).
 * - Plain params (`w [in, out]`, x `[N, in]`): the gradient of the mean error.
 *
 * The ops are differentiable, so inside an outer gradient (second-order MAML) the result is
 * exact, not an approximation. Returns `undefined` for shapes it does not cover (shared params
 * with task-batched x, other ranks); callers then fall back to `grad`.
 *
 * @example
 * const model = nn.mlp([1, 40, 40, 1]);
 * const grads = nn.mlpMseGradients(model.architecture!, params, x, y); // same tree as params
 */
export function mlpMseGradients(architecture: MlpArchitecture, params: Params, x: Tensor, y: Tensor): Params | undefined {
  const derivative = DERIVATIVE_FROM_OUTPUT[architecture.activation];
  const activate = ACTIVATE[architecture.activation];
  if (!derivative || !activate) return undefined;
  const layers = architecture.sizes.length - 1;
  const weights: Tensor[] = [];
  const biases: Tensor[] = [];
  for (let i = 0; i < layers; i++) {
    const layer = params[`layer${i}`] as Params | undefined;
    if (!(layer?.w instanceof tf.Tensor) || !(layer.b instanceof tf.Tensor)) return undefined;
    weights.push(layer.w);
    biases.push(layer.b);
  }
  const batched = weights[0].rank === 3;
  if (batched ? x.rank !== 3 || weights[0].shape[0] !== x.shape[0] : x.rank !== 2 || weights[0].rank !== 2) return undefined;
  if (!shapesFit(weights, biases, x, y, batched)) return undefined;
  const tasks = batched ? x.shape[0] : 1;

  // Forward, keeping each layer's input (the activations) for the backward pass.
  const inputs: Tensor[] = [];
  let h: Tensor = x;
  for (let i = 0; i < layers; i++) {
    inputs.push(h);
    const bias = batched ? tf.reshape(biases[i], [tasks, 1, biases[i].shape[1] as number]) : biases[i];
    const z = tf.add(tf.matMul(h, weights[i]), bias);
    h = i < layers - 1 ? activate(z) : z;
  }

  // d(mean error)/d(prediction) per task: 2 (pred - y) / (examples x outputs).
  const perTask = y.shape[y.rank - 2] * y.shape[y.rank - 1];
  let error: Tensor = tf.mul(tf.sub(h, y), 2 / perTask);
  const grads: Params = {};
  for (let i = layers - 1; i >= 0; i--) {
    grads[`layer${i}`] = {
      w: tf.matMul(inputs[i], error, true, false),
      b: tf.sum(error, batched ? 1 : 0),
    };
    if (i > 0) error = tf.mul(tf.matMul(error, weights[i], false, true), derivative(inputs[i]));
  }
  // Same key order as the params tree.
  const ordered: Params = {};
  for (let i = 0; i < layers; i++) ordered[`layer${i}`] = grads[`layer${i}`];
  return ordered;
}
