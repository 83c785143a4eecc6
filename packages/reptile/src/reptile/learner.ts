/**
 * Reptile (Nichol, Achiam & Schulman 2018) as a `MetaLearner`: per task, a few plain optimizer
 * steps from theta give phi; the outer step moves theta towards the mean of the phis,
 * `theta += epsilon * (mean_t phi_t - theta)`. One task per outer step is serial Reptile, n tasks
 * is batched Reptile. MLPs run the whole task batch as one graph per inner step.
 */
import {
  MetatuneError,
  foldIn,
  leaves,
  makeKey,
  mapParams,
  shapesOf,
  tf,
  training,
  type DataSet,
  type JsonValue,
  type Key,
  type MetaLearner,
  type MetaLearnerCheckpoint,
  type Metrics,
  type Params,
  type TaskBatch,
} from '@metatune/core';
import { evaluateReptile } from './evaluate';
import { detectMlp, mlpInnerLoop, type MlpSpec } from './mlp-fast-path';
import { isClassification, minibatchPlan, runInnerLoop, runsBatched, tensorsOf, tileParams, type InnerLoop } from './inner-loop';
import { checkRate, resolveReptileOptions, stepSizeAt, type ReptileOptions, type ResolvedReptileOptions } from './options';

/** State of a Reptile learner. Treat it as immutable; `metaStep` consumes it. */
export interface ReptileState {
  /** The initialisation theta that adaptation starts from. */
  readonly theta: Params;
  /** Outer steps taken; the annealed step size and the minibatch draws depend on it. */
  readonly step: number;
  /** Key of the inner minibatch draws (step s uses `foldIn(key, s)`). */
  readonly key: Key;
}

/** A Reptile learner: the `MetaLearner` contract plus its resolved options. */
export interface ReptileLearner extends MetaLearner<ReptileState> {
  /** The resolved options (defaults filled in). */
  readonly options: ResolvedReptileOptions;
  /** Whether `state`'s model runs on the task-batched path. */
  isBatched(state: ReptileState): boolean;
  /** The hand-written MLP inner loop this learner uses for regression batches, or `undefined` (generic path). */
  fastPath(state: ReptileState): MlpSpec | undefined;
  /** The outer step size epsilon that the next `metaStep` from `state` uses. */
  stepSize(state: ReptileState): number;
}

/** Domain tag folded into the init key for the minibatch stream, apart from the model's init. */
const MINIBATCH_DOMAIN = 0x6d62;

function sameJson(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Copies every leaf with the functional `tf.clone` (tensors from a second tfjs instance lack the method). */
function copyTree(p: Params): Params {
  return mapParams(p, (t) => tf.clone(t));
}

function keepTree(p: Params): Params {
  for (const [, t] of leaves(p)) tf.keep(t);
  return p;
}

/** Task `t` of a task-batched data set. */
function taskSlice(data: DataSet, t: number): DataSet {
  const pick = (a: tf.Tensor) => tf.squeeze(tf.slice(a, [t], [1]), [0]);
  return { x: pick(data.x), y: pick(data.y) };
}

/** Task t's rows `picks[t]` of a task-batched `[T, N, ...]` set, as one gather over flat indices `t * N + i`. */
function gatherBatched(data: DataSet, picks: readonly Int32Array[]): DataSet {
  const [T, N] = data.x.shape as number[];
  const b = picks[0].length;
  const flat = new Int32Array(T * b);
  picks.forEach((rows, t) => rows.forEach((r, i) => (flat[t * b + i] = t * N + r)));
  const index = tf.tensor1d(flat, 'int32');
  const take = (a: tf.Tensor) => tf.reshape(tf.gather(tf.reshape(a, [T * N, ...a.shape.slice(2)]), index), [T, b, ...a.shape.slice(2)]);
  return { x: take(data.x), y: take(data.y) };
}

function gatherTask(data: DataSet, rows: Int32Array): DataSet {
  const index = tf.tensor1d(rows, 'int32');
  return { x: tf.gather(data.x, index), y: tf.gather(data.y, index) };
}

/**
 * Builds a Reptile learner.
 *
 * @example
 * const learner = reptile({ model: nn.mlp([1, 64, 64, 1], { activation: 'tanh' }), innerSteps: 5, innerLr: 0.02, innerBatch: 10, outerStepSize: 0.1, annealSteps: 30000 });
 * const run = await training.runMetaTraining({ learner, distribution: sinusoid({ shots: 50 }), steps: 30000, batchSize: 1, key: makeKey(0) });
 */
export function reptile(options: ReptileOptions): ReptileLearner {
  const opts = resolveReptileOptions(options);
  let expected: { [key: string]: JsonValue } | undefined;
  const expectedFingerprint = (): { [key: string]: JsonValue } => {
    if (!expected) {
      const print: { [key: string]: JsonValue }[] = [];
      tf.tidy(() => void print.push(shapesOf(opts.model.init(makeKey(0)))));
      expected = print[0];
    }
    return expected;
  };

  // The fast MLP path, once recognised for this model (null: not an MLP it implements).
  let detected: MlpSpec | null | undefined;
  const fastSpec = (theta: Params, batch: TaskBatch): MlpSpec | undefined => {
    if (!opts.fastPath || isClassification(batch.support.y) || batch.support.x.rank !== 3 || batch.support.y.rank !== 3) return undefined;
    if (detected === undefined) detected = detectMlp(opts.model, theta) ?? null;
    if (!detected) return undefined;
    // Shapes the model does not take go to the generic path, whose layers name the mismatch.
    const first = (theta.layer0 as Params).w as tf.Tensor;
    const last = (theta[`layer${detected.layers - 1}`] as Params).w as tf.Tensor;
    return batch.support.x.shape[2] === first.shape[0] && batch.support.y.shape[2] === last.shape[1] ? detected : undefined;
  };

  const outerStep = (state: ReptileState, batch: TaskBatch, epsilon: number): { theta: Params; losses: tf.Tensor } => {
    const T = batch.size;
    const N = batch.support.x.shape[1] as number;
    const b = opts.innerBatch;
    if (b !== undefined && b > N) {
      throw new MetatuneError('SHAPE_MISMATCH', `${opts.name}: innerBatch is ${b} but the tasks have only ${N} support examples`, {
        hint: `sample tasks with at least ${b} shots, or lower innerBatch`,
      });
    }
    // Whole-set steps need no draws; minibatches come from the state's key and step (resumable).
    const plan = b !== undefined && b < N ? minibatchPlan(foldIn(state.key, state.step), T, N, b, opts.innerSteps) : undefined;
    const batched = runsBatched(opts.execution, state.theta);
    const loop: InnerLoop = { model: opts.model, optimizer: opts.makeInner(opts.innerLr), batched };
    let mean: Params;
    let first: tf.Scalar;
    let last: tf.Scalar;
    const spec = batched ? fastSpec(state.theta, batch) : undefined;
    if (spec) {
      const r = mlpInnerLoop(spec, state.theta, T, opts.innerSteps, (k) => (plan ? gatherBatched(batch.support, plan[k]) : batch.support), opts.innerOptimizer === 'sgd' ? { sgdLr: opts.innerLr } : { optimizer: opts.makeInner(opts.innerLr) });
      mean = mapParams(r.params, (p) => tf.mean(p, 0));
      first = r.firstLoss;
      last = r.lastLoss;
    } else if (batched) {
      const start = tileParams(state.theta, T);
      const r = runInnerLoop(loop, start, opts.innerSteps, (k) => (plan ? gatherBatched(batch.support, plan[k]) : batch.support));
      mean = mapParams(r.params, (p) => tf.mean(p, 0));
      first = r.firstLoss;
      last = r.lastLoss;
    } else {
      let sum: Params | undefined;
      let firstSum: tf.Scalar = tf.scalar(0);
      let lastSum: tf.Scalar = tf.scalar(0);
      for (let t = 0; t < T; t++) {
        const next = tf.tidy(() => {
          const support = taskSlice(batch.support, t);
          const r = runInnerLoop(loop, state.theta, opts.innerSteps, (k) => (plan ? gatherTask(support, plan[k][t]) : support));
          const total = sum ? mapParams(sum, (s, path) => tf.add(s, leafAt(r.params, path))) : r.params;
          return { total, first: tf.add(firstSum, r.firstLoss), last: tf.add(lastSum, r.lastLoss) } as unknown as tf.TensorContainer;
        }) as unknown as { total: Params; first: tf.Scalar; last: tf.Scalar };
        if (sum) tf.dispose(tensorsOf(sum));
        tf.dispose([firstSum, lastSum]);
        sum = next.total;
        firstSum = next.first;
        lastSum = next.last;
      }
      mean = mapParams(sum!, (s) => tf.div(s, T));
      first = firstSum;
      last = lastSum;
    }
    const eps = tf.scalar(epsilon);
    const theta = mapParams(state.theta, (t, path) => tf.add(t, tf.mul(eps, tf.sub(leafAt(mean, path), t))));
    return { theta, losses: tf.div(tf.stack([first, last]), T) };
  };

  const adaptOne = (params: Params, support: DataSet, steps: number, lr: number): Params =>
    tf.tidy(() => {
      const loop: InnerLoop = { model: opts.model, optimizer: opts.makeInner(lr), batched: false };
      const r = runInnerLoop(loop, params, steps, () => support);
      return r.params;
    });

  const learner: ReptileLearner = {
    name: opts.name,
    options: opts,

    init(key) {
      const theta = tf.tidy(() => opts.model.init(key));
      return { theta, step: 0, key: foldIn(key, MINIBATCH_DOMAIN) };
    },

    isBatched: (state) => runsBatched(opts.execution, state.theta),

    fastPath(state) {
      if (!opts.fastPath || !runsBatched(opts.execution, state.theta)) return undefined;
      if (detected === undefined) detected = detectMlp(opts.model, state.theta) ?? null;
      return detected ?? undefined;
    },

    stepSize: (state) => stepSizeAt(opts, state.step),

    metaStep(state, batch) {
      training.checkTaskBatch(batch, opts.name);
      const epsilon = stepSizeAt(opts, state.step);
      const out = tf.tidy(() => outerStep(state, batch, epsilon) as unknown as tf.TensorContainer) as unknown as { theta: Params; losses: tf.Tensor };
      const [loss, innerLoss] = out.losses.dataSync();
      tf.dispose(out.losses);
      learner.disposeState(state);
      const metrics: Metrics = { loss, innerLoss, stepSize: epsilon };
      return { state: { theta: out.theta, step: state.step + 1, key: state.key }, metrics };
    },

    adapt(params, support, { steps, lr }) {
      if (!Number.isInteger(steps) || steps < 0) {
        throw new MetatuneError('INVALID_ARGUMENT', `adapt: steps must be a non-negative integer, got ${String(steps)}`, { hint: 'e.g. steps: 5' });
      }
      if (!support?.x || !support?.y || support.x.shape[0] !== support.y.shape[0]) {
        throw new MetatuneError('SHAPE_MISMATCH', 'adapt: the support set needs x [N, ...] and y [N, ...] with the same N', { hint: "pass one task's support set (task.support)" });
      }
      if (support.x.shape[0] === 0) throw new MetatuneError('INVALID_ARGUMENT', 'adapt: the support set is empty', { hint: 'adapt on at least one example' });
      return adaptOne(params, support, steps, lr === undefined ? opts.evaluationLr : checkRate(lr, 'lr'));
    },

    evaluate(state, distribution, { tasks, steps, key }) {
      return evaluateReptile(opts, state.theta, distribution, tasks, steps, key);
    },

    params: (state) => state.theta,

    checkpoint(state): MetaLearnerCheckpoint {
      return {
        tensors: { theta: copyTree(state.theta) },
        meta: { learner: opts.name, step: state.step, key: [state.key[0], state.key[1]], fingerprint: shapesOf(state.theta) },
      };
    },

    restore(checkpoint) {
      const got = checkpoint?.meta?.fingerprint ?? null;
      const want = expectedFingerprint();
      const theta = checkpoint?.tensors?.theta as Params | undefined;
      if (!theta || typeof theta !== 'object' || !sameJson(got, want) || !sameJson(shapesOf(theta), want)) {
        throw new MetatuneError('CHECKPOINT_MISMATCH', `the checkpoint does not fit this ${opts.name} model: its parameter shapes are ${JSON.stringify(got)}, the model's are ${JSON.stringify(want)}`, {
          hint: 'restore a checkpoint made with the same model (layer sizes, filters, outputs)',
        });
      }
      const { step, key } = checkpoint.meta;
      const validKey = Array.isArray(key) && key.length === 2 && key.every((k) => Number.isInteger(k) && (k as number) >= 0 && (k as number) < 2 ** 32);
      if (!Number.isInteger(step) || (step as number) < 0 || !validKey) {
        throw new MetatuneError('CHECKPOINT_MISMATCH', `the checkpoint's step (${JSON.stringify(step)}) or minibatch key (${JSON.stringify(key)}) is missing or invalid`, {
          hint: 'restore a checkpoint written by a Reptile learner',
        });
      }
      return { theta: keepTree(copyTree(theta)), step: step as number, key: [(key as number[])[0], (key as number[])[1]] };
    },

    disposeState(state) {
      tf.dispose(tensorsOf(state.theta));
    },
  };
  return learner;
}

function leafAt(tree: Params, path: string): tf.Tensor {
  let node: Params | tf.Tensor = tree;
  for (const part of path.split('/')) node = (node as Params)[part] as Params | tf.Tensor;
  return node as tf.Tensor;
}
