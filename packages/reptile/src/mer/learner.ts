/**
 * Continual learners over a stream of examples: MER (Riemer et al. 2019), experience replay and
 * online SGD, as `MetaLearner`s.
 *
 * How the episodic `MetaLearner` contract maps onto learning from a stream:
 * - the state holds the parameters, the reservoir buffer, the stream's key, the number of
 *   examples seen (which also indexes the RNG) and the number of steps;
 * - `metaStep(state, batch)` takes the batch's support examples, task by task and in order, as
 *   the next slice of the stream (`observe`); the query sets are not trained on;
 * - `adapt` and `evaluate` fine-tune with plain SGD at rate alpha, as any learned initialisation;
 * - `checkpoint` holds the parameters, the buffer's filled rows and the counters, so a restored
 *   learner continues bit-identically.
 * Every random choice for the n-th example (which buffer rows to replay, whether it enters the
 * buffer) comes from `new Rng(foldIn(key, n))`, so the run is a pure function of key and stream.
 */
import {
  MetatuneError,
  Rng,
  disposeParams,
  foldIn,
  leaves,
  makeKey,
  mapParams,
  shapesOf,
  split,
  tf,
  training,
  assertKey,
  type DataSet,
  type EvaluationResult,
  type JsonValue,
  type Key,
  type MetaLearner,
  type MetaLearnerCheckpoint,
  type Metrics,
  type Params,
  type TaskBatch,
} from '@metatune/core';
import { classificationAccuracy, meanLoss } from './evaluation';
import { resolveContinualOptions, type ContinualMethod, type ContinualOptions, type ResolvedContinualOptions } from './options';
import { copyBuffer, createBuffer, ensureLayout, offer, rowSize, sampleIndices, type ExampleLayout, type ReplayBuffer } from './reservoir';
import { erUpdate, merUpdate, sgdStep, type ExampleBatch } from './updates';

/** State of a continual learner. `observe` and `metaStep` consume it (do not reuse it). */
export interface ContinualState {
  /** Current model parameters. */
  readonly params: Params;
  /** The reservoir replay buffer (absent for online SGD). */
  readonly buffer: ReplayBuffer | undefined;
  /** The stream's key; example n draws from `foldIn(key, n)`. */
  readonly key: Key;
  /** Examples learned so far. */
  readonly seen: number;
  /** `observe`/`metaStep` calls so far. */
  readonly step: number;
}

/** A continual learner: the `MetaLearner` contract plus a plain streaming API. */
export interface ContinualLearner extends MetaLearner<ContinualState> {
  /** The resolved options (defaults filled in). */
  readonly options: ResolvedContinualOptions;
  /**
   * Learns `examples` (x `[N, ...]`, y `[N]` int32 labels or `[N, ...]` targets) one after another
   * as the next N examples of the stream. Consumes `state`; on an error (bad input, a non-finite
   * loss) `state` is left untouched and still usable.
   */
  observe(state: ContinualState, examples: DataSet): { state: ContinualState; metrics: Metrics };
  /** Accuracy of the current parameters on a labelled set (int32 labels). */
  accuracy(state: ContinualState, data: DataSet): number;
}

function checkExamples(examples: DataSet, where: string): { n: number; layout: ExampleLayout } {
  const x = examples?.x;
  const y = examples?.y;
  if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor)) {
    throw new MetatuneError('INVALID_ARGUMENT', `${where}: examples need tensors x [N, ...] and y [N, ...]`, { hint: 'pass { x, y } tensors, e.g. a task\'s train set' });
  }
  const n = x.rank >= 1 ? x.shape[0] : 0;
  if (x.rank < 2 || n === 0) {
    throw new MetatuneError('INVALID_ARGUMENT', `${where}: the batch is empty or has no batch axis (x [${x.shape}])`, { hint: 'pass at least one example, x [N, ...features] with N >= 1' });
  }
  if (y.shape[0] !== n) {
    throw new MetatuneError('SHAPE_MISMATCH', `${where}: x has ${n} examples but y has ${y.shape[0]}`, { hint: 'x and y need the same leading size' });
  }
  if (x.dtype !== 'float32') {
    throw new MetatuneError('INVALID_ARGUMENT', `${where}: x must be float32, got ${x.dtype}`, { hint: 'cast with tf.cast(x, "float32")' });
  }
  if (y.dtype === 'int32' && y.rank !== 1) {
    throw new MetatuneError('SHAPE_MISMATCH', `${where}: int32 labels must be a vector [N], got [${y.shape}]`, { hint: 'pass class indices 0..C-1, one per example' });
  }
  if (y.dtype !== 'int32' && y.dtype !== 'float32') {
    throw new MetatuneError('INVALID_ARGUMENT', `${where}: y must be int32 labels or float32 targets, got ${y.dtype}`, { hint: 'cast labels with tf.cast(y, "int32")' });
  }
  return { n, layout: { xShape: x.shape.slice(1), yShape: y.shape.slice(1), yDtype: y.dtype } };
}

/** Merges a task batch's support sets `[T, N, ...]` into one slice of the stream `[T * N, ...]`. */
function flattenSupport(batch: TaskBatch, where: string): DataSet {
  const x = batch?.support?.x;
  const y = batch?.support?.y;
  if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor) || x.rank < 3 || y.rank < 2) {
    throw new MetatuneError('INVALID_ARGUMENT', `${where}: a task batch needs support x [T, N, ...] and y [T, N, ...]`, { hint: 'pass distribution.sampleBatch(key, size)' });
  }
  const [t, n] = x.shape;
  if (t * n === 0) {
    throw new MetatuneError('INVALID_ARGUMENT', `${where}: the task batch is empty (support x [${x.shape}])`, { hint: 'sample at least one task with at least one support example' });
  }
  return { x: tf.reshape(x, [t * n, ...x.shape.slice(2)]), y: tf.reshape(y, [t * n, ...y.shape.slice(2)]) };
}

function copyParams(p: Params): Params {
  return tf.tidy(() => mapParams(p, (t) => tf.clone(t)) as unknown as tf.TensorContainer) as unknown as Params;
}

/** Builds the s batches for one incoming example: row 0 is the example, then k distinct buffer rows. */
function drawBatches(
  opts: ResolvedContinualOptions,
  layout: ExampleLayout,
  xs: Float32Array,
  ys: Float32Array | Int32Array,
  index: number,
  buffer: ReplayBuffer | undefined,
  rng: Rng,
): ExampleBatch[] {
  const xw = rowSize(layout.xShape);
  const yw = rowSize(layout.yShape);
  const out: ExampleBatch[] = [];
  for (let b = 0; b < opts.batches; b++) {
    const picks = buffer ? sampleIndices(buffer.size, opts.replay, rng) : [];
    const m = picks.length + 1;
    const bx = new Float32Array(m * xw);
    const by = layout.yDtype === 'int32' ? new Int32Array(m * yw) : new Float32Array(m * yw);
    bx.set(xs.subarray(index * xw, (index + 1) * xw), 0);
    by.set(ys.subarray(index * yw, (index + 1) * yw), 0);
    picks.forEach((p, r) => {
      bx.set(buffer!.x.subarray(p * xw, (p + 1) * xw), (r + 1) * xw);
      by.set(buffer!.y.subarray(p * yw, (p + 1) * yw), (r + 1) * yw);
    });
    out.push({ x: tf.tensor(bx, [m, ...layout.xShape], 'float32'), y: tf.tensor(by, [m, ...layout.yShape], layout.yDtype) });
  }
  return out;
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Builds a continual learner that applies `method`'s update to each example of the stream. */
export function createContinualLearner(options: ContinualOptions, method: ContinualMethod): ContinualLearner {
  const opts = resolveContinualOptions(options, method);
  let expectedShapes: JsonValue | undefined;
  const modelShapes = (): JsonValue => {
    expectedShapes ??= tf.tidy(() => {
      const p = opts.model.init(makeKey(0));
      const shapes = shapesOf(p);
      disposeParams(p);
      return shapes;
    }) as JsonValue;
    return expectedShapes;
  };

  const learner: ContinualLearner = {
    name: opts.name,
    options: opts,

    init(key) {
      assertKey(key);
      const [modelKey, streamKey] = split(key, 2);
      return { params: opts.model.init(modelKey), buffer: method === 'online' ? undefined : createBuffer(opts.memory), key: streamKey, seen: 0, step: 0 };
    },

    observe(state, examples) {
      const { n, layout } = checkExamples(examples, `${opts.name} observe`);
      const buffer = state.buffer ? copyBuffer(state.buffer) : undefined;
      if (buffer) ensureLayout(buffer, layout);
      const xs = examples.x.dataSync() as Float32Array;
      const ys = examples.y.dataSync() as Float32Array | Int32Array;
      let params = state.params;
      let lossTotal = 0;
      let steps = 0;
      try {
        for (let i = 0; i < n; i++) {
          const rng = new Rng(foldIn(state.key, state.seen + i));
          const batches = drawBatches(opts, layout, xs, ys, i, buffer, rng);
          let out;
          try {
            out = method === 'mer' ? merUpdate(opts, params, batches) : erUpdate(opts, params, batches);
          } finally {
            for (const b of batches) tf.dispose([b.x, b.y]);
          }
          const loss = out.lossSum.dataSync()[0];
          out.lossSum.dispose();
          if (!Number.isFinite(loss)) {
            disposeParams(out.params);
            throw new MetatuneError('NUMERICAL', `${opts.name}: the loss on example ${state.seen + i} of the stream is ${loss}`, {
              hint: 'lower lr (alpha), check the inputs for NaN or infinity; the state passed in is unchanged',
            });
          }
          if (params !== state.params) disposeParams(params);
          params = out.params;
          lossTotal += loss;
          steps += out.steps;
          if (buffer) offer(buffer, xs, ys, i, rng);
        }
      } catch (error) {
        if (params !== state.params) disposeParams(params);
        throw error;
      }
      disposeParams(state.params);
      const metrics: Metrics = { loss: lossTotal / Math.max(1, steps), examples: n };
      return { state: { params, buffer, key: state.key, seen: state.seen + n, step: state.step + 1 }, metrics };
    },

    metaStep(state, batch) {
      const slice = flattenSupport(batch, `${opts.name} metaStep`);
      try {
        return learner.observe(state, slice);
      } finally {
        tf.dispose([slice.x, slice.y]);
      }
    },

    accuracy: (state, data) => classificationAccuracy(opts.model, state.params, data),

    adapt(params, support, { steps, lr }) {
      if (!Number.isInteger(steps) || steps < 0) {
        throw new MetatuneError('INVALID_ARGUMENT', `adapt: steps must be a non-negative integer, got ${String(steps)}`, { hint: 'pass e.g. steps: 5' });
      }
      checkExamples(support, `${opts.name} adapt`);
      const rate = lr ?? opts.lr;
      if (!Number.isFinite(rate) || rate <= 0) {
        throw new MetatuneError('NON_FINITE', `adapt: lr must be a finite positive number, got ${String(rate)}`, { hint: 'pass e.g. lr: 0.03' });
      }
      const stepOpts = { ...opts, lr: rate };
      let p = copyParams(params);
      for (let s = 0; s < steps; s++) {
        const out = sgdStep(stepOpts, p, support);
        out.loss.dispose();
        disposeParams(p);
        p = out.params;
      }
      return p;
    },

    evaluate(state, distribution, { tasks, steps, key }): EvaluationResult {
      if (!Number.isInteger(tasks) || tasks < 1) throw new MetatuneError('INVALID_ARGUMENT', `evaluate: tasks must be a positive integer, got ${String(tasks)}`, { hint: 'pass e.g. tasks: 100' });
      if (!Array.isArray(steps) || steps.length === 0 || steps.some((s) => !Number.isInteger(s) || s < 0)) {
        throw new MetatuneError('INVALID_ARGUMENT', `evaluate: steps must be a non-empty list of non-negative integers, got ${JSON.stringify(steps)}`, { hint: 'e.g. steps: [0, 1, 10]' });
      }
      const lossBy = new Map<number, number[]>(steps.map((s) => [s, []]));
      const accBy = new Map<number, number[]>(steps.map((s) => [s, []]));
      const maxSteps = Math.max(...steps);
      let classification = false;
      for (let t = 0; t < tasks; t++) {
        const task = distribution.sample(foldIn(key, t));
        try {
          classification = task.query.y.dtype === 'int32';
          let p = copyParams(state.params);
          for (let s = 0; ; s++) {
            if (lossBy.has(s)) {
              lossBy.get(s)!.push(meanLoss(opts.model, p, task.query));
              if (classification) accBy.get(s)!.push(classificationAccuracy(opts.model, p, task.query));
            }
            if (s === maxSteps) break;
            const next = learner.adapt(p, task.support, { steps: 1 });
            disposeParams(p);
            p = next;
          }
          disposeParams(p);
        } finally {
          tf.dispose([task.support.x, task.support.y, task.query.x, task.query.y]);
        }
      }
      const table = (m: Map<number, number[]>) => Object.fromEntries([...m].map(([k, v]) => [k, training.estimate(v)]));
      return classification ? { loss: table(lossBy), accuracy: table(accBy) } : { loss: table(lossBy) };
    },

    params: (state) => state.params,

    checkpoint(state): MetaLearnerCheckpoint {
      const b = state.buffer;
      const tensors: Params = { params: copyParams(state.params) };
      if (b?.layout && b.size > 0) {
        const xw = rowSize(b.layout.xShape);
        const yw = rowSize(b.layout.yShape);
        tensors.buffer = {
          x: tf.tensor(b.x.slice(0, b.size * xw), [b.size, ...b.layout.xShape], 'float32'),
          y: tf.tensor(b.y.slice(0, b.size * yw), [b.size, ...b.layout.yShape], b.layout.yDtype),
        };
      }
      const layout: JsonValue = b?.layout ? { xShape: [...b.layout.xShape], yShape: [...b.layout.yShape], yDtype: b.layout.yDtype } : null;
      return {
        tensors,
        meta: {
          learner: opts.name,
          method,
          step: state.step,
          seen: state.seen,
          key: [state.key[0], state.key[1]],
          memory: b ? b.capacity : 0,
          bufferSize: b ? b.size : 0,
          bufferSeen: b ? b.seen : 0,
          layout,
          fingerprint: shapesOf(state.params) as JsonValue,
        },
      };
    },

    restore(checkpoint) {
      const meta = checkpoint?.meta ?? {};
      const params = checkpoint?.tensors?.params as Params | undefined;
      const mismatch = (why: string) =>
        new MetatuneError('CHECKPOINT_MISMATCH', `the checkpoint does not fit this ${opts.name} learner: ${why}`, {
          hint: 'restore a checkpoint made by the same method with the same model and memory size',
        });
      if (meta.method !== method) throw mismatch(`it was made by method ${JSON.stringify(meta.method ?? null)}, this learner is '${method}'`);
      if (!params || !same(meta.fingerprint, modelShapes()) || !same(shapesOf(params) as JsonValue, modelShapes())) {
        throw mismatch(`its parameter shapes are ${JSON.stringify(meta.fingerprint ?? null)}, the model's are ${JSON.stringify(modelShapes())}`);
      }
      const memory = method === 'online' ? 0 : opts.memory;
      if (meta.memory !== memory) throw mismatch(`its buffer holds ${String(meta.memory)} examples, this learner's ${memory}`);
      const key = assertKey(meta.key, 'checkpoint key');
      const seen = meta.seen;
      const step = meta.step;
      if (!Number.isInteger(seen) || !Number.isInteger(step)) throw mismatch('its step counters are missing');
      let buffer: ReplayBuffer | undefined;
      if (method !== 'online') {
        buffer = createBuffer(opts.memory);
        const size = Number(meta.bufferSize ?? 0);
        const layout = meta.layout as { xShape: number[]; yShape: number[]; yDtype: 'int32' | 'float32' } | null;
        if (layout) {
          ensureLayout(buffer, layout);
          const stored = checkpoint.tensors.buffer as Params | undefined;
          if (size > 0) {
            const x = stored?.x as tf.Tensor | undefined;
            const y = stored?.y as tf.Tensor | undefined;
            if (!x || !y || x.shape[0] !== size || y.shape[0] !== size || y.dtype !== layout.yDtype) throw mismatch('its buffer tensors do not match its metadata');
            buffer.x.set(x.dataSync() as Float32Array);
            buffer.y.set(y.dataSync() as Float32Array | Int32Array);
          }
        }
        buffer.size = size;
        buffer.seen = Number(meta.bufferSeen ?? 0);
      }
      const owned = copyParams(params);
      for (const [, t] of leaves(owned)) tf.keep(t);
      return { params: owned, buffer, key, seen: seen as number, step: step as number };
    },

    disposeState(state) {
      disposeParams(state.params);
    },
  };
  return learner;
}

/**
 * Meta-experience replay (Riemer et al. 2019, Algorithm 1): for each incoming example, s batches
 * of the example plus k reservoir samples, SGD one example at a time, a within-batch Reptile step
 * (beta) after each batch and an across-batch Reptile step (gamma) over the s batches.
 *
 * @example
 * const learner = mer({ model: nn.mlp([196, 100, 100, 10]), lr: 0.1, beta: 0.3, gamma: 1, batches: 2, replay: 4, memory: 200 });
 * let state = learner.init(makeKey(0));
 * state = learner.observe(state, { x, y }).state; // x [N, 196] float32, y [N] int32
 */
export function mer(options: ContinualOptions): ContinualLearner {
  return createContinualLearner(options, 'mer');
}

/** Experience replay: s SGD steps per incoming example on batches of it plus k reservoir samples. */
export function experienceReplay(options: ContinualOptions): ContinualLearner {
  return createContinualLearner(options, 'er');
}

/** Online SGD: s plain SGD steps (default 1) on each incoming example, no memory. */
export function onlineSgd(options: ContinualOptions): ContinualLearner {
  return createContinualLearner(options, 'online');
}
