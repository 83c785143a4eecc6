/**
 * A fast task-batched inner loop for plain MLPs with a squared-error loss: the forward pass and
 * the analytic backward pass written out with tf ops, off any gradient tape. Reptile never
 * differentiates through its inner loop, so the generic path's tape bookkeeping (saved-tensor
 * copies, broadcast reshapes, per-op gradient functions) buys nothing; writing the backward pass
 * by hand runs about a third of the kernels per inner step. With SGD the learning rate is folded
 * into the output error, so each parameter update is a single subtraction.
 *
 * The path is taken only when {@link detectMlp} recognises the model: a params tree
 * `layer0..layerK` of `{ w: [in, out], b: [out] }` whose `model.apply` output on a probe input
 * matches this file's forward pass with one of the supported activations. Anything else runs
 * the generic path.
 */
import { MetatuneError, optim, tf, type DataSet, type Params } from '@metatune/core';
import { tensorsOf } from './inner-loop';

/** Hidden-layer activations the fast path implements (the output layer is linear, as in `nn.mlp`). */
export type FastActivation = 'relu' | 'tanh' | 'sigmoid';

/** What {@link detectMlp} found: the number of dense layers and the hidden activation. */
export interface MlpSpec {
  readonly layers: number;
  readonly activation: FastActivation;
}

const ACTIVATE: Record<FastActivation, (z: tf.Tensor) => tf.Tensor> = {
  relu: (z) => tf.relu(z),
  tanh: (z) => tf.tanh(z),
  sigmoid: (z) => tf.sigmoid(z),
};

/** The activation's derivative times the incoming gradient, from the activation's output h. */
const BACKWARD: Record<FastActivation, (grad: tf.Tensor, h: tf.Tensor) => tf.Tensor> = {
  relu: (grad, h) => tf.mul(grad, tf.step(h)),
  tanh: (grad, h) => tf.mul(grad, tf.sub(1, tf.square(h))),
  sigmoid: (grad, h) => tf.mul(grad, tf.mul(h, tf.sub(1, h))),
};

function isLayerTree(theta: Params): number {
  const keys = Object.keys(theta);
  let previous: number | undefined;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== `layer${i}`) return 0;
    const layer = theta[keys[i]] as Params;
    if (!layer || typeof layer !== 'object' || Object.keys(layer).sort().join() !== 'b,w') return 0;
    const [w, b] = [layer.w as tf.Tensor, layer.b as tf.Tensor];
    if (w?.rank !== 2 || b?.rank !== 1 || b.shape[0] !== w.shape[1]) return 0;
    if (previous !== undefined && w.shape[0] !== previous) return 0;
    previous = w.shape[1];
  }
  return keys.length;
}

/**
 * Recognises a plain MLP: checks the params layout, then compares `model.apply` with this
 * file's forward pass on a fixed probe input for each supported activation. Returns the match,
 * or `undefined` (the caller then runs the generic path).
 */
export function detectMlp(model: { apply(params: Params, x: tf.Tensor): tf.Tensor }, theta: Params): MlpSpec | undefined {
  const layers = isLayerTree(theta);
  if (layers === 0) return undefined;
  const inputs = ((theta.layer0 as Params).w as tf.Tensor).shape[0];
  return tf.tidy(() => {
    // Spread-out inputs reach both signs of every pre-activation, so relu and its variants differ.
    const probe = tf.tensor2d(Array.from({ length: 8 * inputs }, (_, i) => 4 * Math.sin(1.7 * i + 0.3)), [8, inputs]);
    let reference: Float32Array;
    try {
      reference = model.apply(theta, probe).dataSync() as Float32Array;
    } catch {
      return undefined;
    }
    const scale = 1 + reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (const activation of Object.keys(ACTIVATE) as FastActivation[]) {
      let h: tf.Tensor = probe;
      for (let i = 0; i < layers; i++) {
        const layer = theta[`layer${i}`] as Params;
        h = tf.add(tf.matMul(h, layer.w as tf.Tensor), layer.b as tf.Tensor);
        if (i < layers - 1) h = ACTIVATE[activation](h);
      }
      const mine = h.dataSync();
      if (mine.length === reference.length && mine.every((v, i) => Math.abs(v - reference[i]) <= 1e-5 * scale)) return { layers, activation };
    }
    return undefined;
  });
}

/** What {@link mlpInnerLoop} returns; the caller owns every tensor. */
export interface MlpInnerResult {
  /** Adapted params `{ layerI: { w: [T, in, out], b: [T, out] } }`. */
  readonly params: Params;
  /** Summed (over tasks) mean squared error at the first and the last inner step, before each update. */
  readonly firstLoss: tf.Scalar;
  readonly lastLoss: tf.Scalar;
}

/**
 * `steps` inner steps for `tasks` tasks at once from the shared `theta`, step k on `dataAt(k)`
 * (`x [T, n, in]`, `y [T, n, out]`). `sgdLr` set: plain SGD with the rate folded into the error;
 * otherwise `optimizer` (state fresh for this loop). Biases live as `[T, 1, out]` during the
 * loop so every add broadcasts without a reshape. `theta` is not disposed.
 */
export function mlpInnerLoop(
  spec: MlpSpec,
  theta: Params,
  tasks: number,
  steps: number,
  dataAt: (k: number) => DataSet,
  update: { sgdLr: number } | { optimizer: optim.Optimizer },
): MlpInnerResult {
  if (!Number.isInteger(steps) || steps < 1) throw new MetatuneError('INVALID_ARGUMENT', `mlpInnerLoop needs at least one step, got ${steps}`, { hint: 'innerSteps >= 1' });
  const optimizer = 'optimizer' in update ? update.optimizer : undefined;
  // SGD starts from the shared theta: the first step's matmuls broadcast it over the tasks and
  // its update (theta - per-task gradient) gives [T, ...] params, so no tiling is needed. An
  // optimizer with state needs per-task shapes from the start.
  const shared = !optimizer;
  let params: Params = {};
  for (let i = 0; i < spec.layers; i++) {
    const layer = theta[`layer${i}`] as Params;
    const w = layer.w as tf.Tensor;
    const b = layer.b as tf.Tensor;
    params[`layer${i}`] = shared
      ? { w, b }
      : { w: tf.tile(tf.reshape(w, [1, ...w.shape]), [tasks, 1, 1]), b: tf.tile(tf.reshape(b, [1, 1, b.shape[0]]), [tasks, 1, 1]) };
  }
  let state: Params = optimizer ? optimizer.init(params) : {};
  let firstLoss: tf.Scalar | undefined;
  let lastLoss: tf.Scalar | undefined;
  for (let k = 0; k < steps; k++) {
    const measure = k === 0 || k === steps - 1;
    const out = tf.tidy(() => {
      const { x, y } = dataAt(k);
      const hs: tf.Tensor[] = [x];
      let h = x;
      for (let i = 0; i < spec.layers; i++) {
        const layer = params[`layer${i}`] as Params;
        h = tf.add(tf.matMul(h, layer.w as tf.Tensor), layer.b as tf.Tensor);
        if (i < spec.layers - 1) h = ACTIVATE[spec.activation](h);
        hs.push(h);
      }
      const residual = tf.sub(h, y);
      const perTask = residual.size / tasks;
      const loss = measure ? (tf.div(tf.sum(tf.square(residual)), perTask) as tf.Scalar) : undefined;
      // d(mean squared error)/d(output), times the SGD rate when it is folded in.
      const scale = (2 / perTask) * ('sgdLr' in update ? update.sgdLr : 1);
      let delta = tf.mul(residual, scale);
      const grads: Params = {};
      for (let i = spec.layers - 1; i >= 0; i--) {
        const layer = params[`layer${i}`] as Params;
        grads[`layer${i}`] = { w: tf.matMul(hs[i], delta, true, false), b: tf.sum(delta, 1, true) };
        if (i > 0) delta = BACKWARD[spec.activation](tf.matMul(delta, layer.w as tf.Tensor, false, true), hs[i]);
      }
      if (!optimizer) {
        const next: Params = {};
        for (let i = 0; i < spec.layers; i++) {
          const layer = params[`layer${i}`] as Params;
          const g = grads[`layer${i}`] as Params;
          next[`layer${i}`] = { w: tf.sub(layer.w as tf.Tensor, g.w as tf.Tensor), b: tf.sub(layer.b as tf.Tensor, g.b as tf.Tensor) };
        }
        return { params: next, state, loss };
      }
      const stepped = optimizer.update(ordered(grads, spec.layers), state, params);
      return { params: optim.applyUpdates(params, stepped.updates), state: stepped.state, loss };
    });
    // theta itself (the shared start) belongs to the caller.
    if (!(shared && k === 0)) tf.dispose(tensorsOf(params));
    const carried = new Set(tensorsOf(out.state));
    tf.dispose(tensorsOf(state).filter((t) => !carried.has(t)));
    params = out.params;
    state = out.state;
    if (out.loss) {
      if (lastLoss && lastLoss !== firstLoss) tf.dispose(lastLoss);
      if (k === 0) firstLoss = out.loss;
      lastLoss = out.loss;
    }
  }
  tf.dispose(tensorsOf(state));
  const result: Params = {};
  for (let i = 0; i < spec.layers; i++) {
    const layer = params[`layer${i}`] as Params;
    const b = layer.b as tf.Tensor;
    result[`layer${i}`] = { w: layer.w, b: tf.reshape(b, [tasks, b.shape[2] as number]) };
    tf.dispose(b);
  }
  firstLoss ??= tf.scalar(0);
  lastLoss ??= firstLoss;
  return { params: result, firstLoss, lastLoss: lastLoss === firstLoss ? tf.clone(firstLoss) : lastLoss };
}

/** The gradient tree in layer order (it was filled back to front), so optimizer state lines up with params. */
function ordered(grads: Params, layers: number): Params {
  const out: Params = {};
  for (let i = 0; i < layers; i++) out[`layer${i}`] = grads[`layer${i}`];
  return out;
}
