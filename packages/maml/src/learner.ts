/**
 * The MAML family as one `MetaLearner`: second-order MAML, first-order MAML, ANIL (adapt the
 * head only) and Meta-SGD (learned per-parameter inner rates) differ only in options.
 */
import {
  MetatuneError,
  disposeParams,
  foldIn,
  leaves,
  makeKey,
  mapParams,
  nn,
  shapesOf,
  tf,
  training,
  type DataSet,
  type Estimate,
  type EvaluationResult,
  type JsonValue,
  type Key,
  type MetaLearner,
  type MetaLearnerCheckpoint,
  type Metrics,
  type Params,
  type TaskBatch,
  type TaskDistribution,
} from '@metatune/core';
import {
  adaptOffTape,
  checkBatch,
  innerProblem,
  innerRate,
  isClassification,
  metaGradient,
  predictor,
  taskAccuracies,
  taskLosses,
  useBatched,
  type Theta,
} from './objective';
import { checkRate, joinParams, resolveOptions, splitParams, type MamlOptions, type ResolvedOptions } from './options';

/** State of a MAML-family learner. Treat it as immutable; `metaStep` consumes it. */
export interface MamlState {
  /** Meta-parameters: `model` (the initialisation) and, for Meta-SGD, `lr` (per-parameter inner rates). */
  readonly theta: Theta;
  /** Outer optimizer state. */
  readonly opt: Params;
  /** Meta-steps taken. */
  readonly step: number;
}

/** A MAML-family learner: the `MetaLearner` contract plus the meta-objective for tests and tools. */
export interface MamlLearner extends MetaLearner<MamlState> {
  /** The resolved options (defaults filled in). */
  readonly options: ResolvedOptions;
  /**
   * The meta-objective (mean post-adaptation query loss) and its gradient with respect to the
   * meta-parameters for one batch; the caller owns the returned tensors.
   */
  metaGradient(state: MamlState, batch: TaskBatch): { loss: tf.Scalar; grads: Theta };
  /** Whether `state`'s model runs on the task-batched path. */
  isBatched(state: MamlState): boolean;
}

function treeEqual(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function disposeTree(p: Params | undefined): void {
  if (p) disposeParams(p);
}

/**
 * Copies every leaf with `tf.clone` (the functional op, not `Tensor.clone()`: under vitest two
 * module instances of tfjs-core coexist and tensors of one lack the other's method handler).
 */
function copyTree(p: Params): Params {
  return mapParams(p, (t) => tf.clone(t));
}

function keepTree<T extends Params>(p: T): T {
  for (const [, t] of leaves(p)) tf.keep(t);
  return p;
}

/** Builds a MAML-family learner; `variant` is its default name (`maml`, `fomaml`, `anil`, `meta-sgd`). */
export function createMamlLearner(options: MamlOptions, variant = 'maml'): MamlLearner {
  const opts = resolveOptions(options, variant);
  let expected: { [key: string]: JsonValue } | undefined;

  const initTheta = (key: Key): Theta => {
    const model = opts.model.init(key);
    const { fast } = splitParams(model, opts.adapt);
    if (!opts.learnInnerLr) return { model };
    return { model, lr: mapParams(fast, (t) => tf.fill(t.shape, opts.innerLr)) };
  };
  const fingerprint = (theta: Theta, opt: Params): { [key: string]: JsonValue } => ({
    theta: shapesOf(theta as Params),
    opt: shapesOf(opt),
  });
  const expectedFingerprint = (): { [key: string]: JsonValue } => {
    if (!expected) {
      const print: { [key: string]: JsonValue }[] = [];
      tf.tidy(() => {
        const theta = initTheta(makeKey(0));
        print.push(fingerprint(theta, opts.outer.init(theta as Params)));
      });
      expected = print[0];
    }
    return expected;
  };

  const adaptFromTheta = (theta: Theta, support: DataSet, steps: number, lr: number | undefined): Params =>
    tf.tidy(() => {
      const order = Object.keys(theta.model);
      const { fast, slow } = splitParams(theta.model, opts.adapt);
      const problem = innerProblem(opts, order, slow, support, false);
      const rate = lr === undefined ? innerRate(opts, theta) : checkRate(lr, 'lr');
      const { params, gradSum } = adaptOffTape(problem, fast, rate, steps);
      disposeTree(gradSum);
      return joinParams(order, params, mapParams(slow, (t) => tf.clone(t)));
    });

  const learner: MamlLearner = {
    name: opts.name,
    options: opts,

    init(key) {
      return tf.tidy(() => {
        const theta = initTheta(key);
        return { theta, opt: opts.outer.init(theta as Params), step: 0 } as unknown as tf.TensorContainer;
      }) as unknown as MamlState;
    },

    isBatched: (state) => useBatched(opts, state.theta.model),

    metaGradient(state, batch) {
      return tf.tidy(() => metaGradient(opts, state.theta, batch) as unknown as tf.TensorContainer) as unknown as { loss: tf.Scalar; grads: Theta };
    },

    metaStep(state, batch) {
      checkBatch(batch, opts.name);
      const out = tf.tidy(() => {
        const { loss, grads } = metaGradient(opts, state.theta, batch);
        const { updates, state: opt } = opts.outer.update(grads as Params, state.opt, state.theta as Params);
        const theta = mapParams(state.theta as Params, (t, path) => tf.add(t, leafAt(updates, path))) as Theta;
        return { theta, opt, loss } as unknown as tf.TensorContainer;
      }) as unknown as { theta: Theta; opt: Params; loss: tf.Scalar };
      const loss = out.loss.dataSync()[0];
      out.loss.dispose();
      learner.disposeState(state);
      const metrics: Metrics = { loss };
      return { state: { theta: out.theta, opt: out.opt, step: (state.step ?? 0) + 1 }, metrics };
    },

    adapt(params, support, { steps, lr }) {
      if (!Number.isInteger(steps) || steps < 0) {
        throw new MetatuneError('INVALID_ARGUMENT', `adapt: steps must be a non-negative integer, got ${String(steps)}`);
      }
      if (!support?.x || !support?.y || support.x.shape[0] !== support.y.shape[0]) {
        throw new MetatuneError('SHAPE_MISMATCH', 'adapt: the support set needs x [N, ...] and y [N, ...] with the same N', { hint: 'pass one task\'s support set (task.support)' });
      }
      return adaptFromTheta({ model: params }, support, steps, lr ?? opts.innerLr);
    },

    evaluate(state, distribution, { tasks, steps, key }) {
      return evaluateLearner(opts, state.theta, distribution, tasks, steps, key);
    },

    params: (state) => state.theta.model,

    checkpoint(state): MetaLearnerCheckpoint {
      return {
        tensors: { theta: copyTree(state.theta as Params), opt: copyTree(state.opt) },
        meta: { learner: opts.name, step: state.step, fingerprint: fingerprint(state.theta, state.opt) },
      };
    },

    restore(checkpoint) {
      const got = checkpoint?.meta?.fingerprint ?? null;
      const want = expectedFingerprint();
      const theta = checkpoint?.tensors?.theta as Params | undefined;
      const opt = checkpoint?.tensors?.opt as Params | undefined;
      if (!theta || !opt || !treeEqual(got, want) || !treeEqual(fingerprint(theta as Theta, opt), want)) {
        throw new MetatuneError('CHECKPOINT_MISMATCH', `the checkpoint does not fit this ${opts.name} model: its parameter shapes are ${JSON.stringify(got)}, the model's are ${JSON.stringify(want)}`, {
          hint: 'restore a checkpoint made with the same model, variant (Meta-SGD adds rates) and outer optimizer',
        });
      }
      const step = checkpoint.meta.step;
      return { theta: keepTree(copyTree(theta)) as Theta, opt: keepTree(copyTree(opt)), step: typeof step === 'number' ? step : 0 };
    },

    disposeState(state) {
      disposeTree(state.theta as Params);
      disposeTree(state.opt);
    },
  };
  return learner;
}

function leafAt(tree: Params, path: string): tf.Tensor {
  let node: Params | tf.Tensor = tree;
  for (const part of path.split('/')) node = (node as Params)[part] as Params | tf.Tensor;
  return node as tf.Tensor;
}

/**
 * Mean post-adaptation loss (and accuracy for classification) over `tasks` held-out tasks after
 * each step count in `steps`, with 95% intervals. Tasks come in chunks of `evaluationBatch`,
 * chunk c drawn from `foldIn(key, c)`; adaptation runs off the tape (no graph kept).
 */
export function evaluateLearner(
  opts: ResolvedOptions,
  theta: Theta,
  distribution: TaskDistribution,
  tasks: number,
  steps: readonly number[],
  key: Key,
): EvaluationResult {
  if (!Number.isInteger(tasks) || tasks < 1) throw new MetatuneError('INVALID_ARGUMENT', `evaluate: tasks must be a positive integer, got ${String(tasks)}`);
  if (!Array.isArray(steps) || steps.length === 0 || steps.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new MetatuneError('INVALID_ARGUMENT', `evaluate: steps must be a non-empty list of non-negative integers, got ${JSON.stringify(steps)}`, { hint: 'e.g. steps: [0, 1, 10]' });
  }
  const counts = new Set(steps);
  const maxSteps = Math.max(...steps);
  const lossBy = new Map<number, number[]>(steps.map((s) => [s, []]));
  const accBy = new Map<number, number[]>(steps.map((s) => [s, []]));
  let classification = false;
  const order = Object.keys(theta.model);
  const batched = useBatched(opts, theta.model);
  const lr = innerRate(opts, theta);
  for (let chunk = 0, done = 0; done < tasks; chunk++) {
    const n = Math.min(opts.evaluationBatch, tasks - done);
    const batch = distribution.sampleBatch(foldIn(key, chunk), n);
    try {
      checkBatch(batch, `${opts.name} evaluate`);
      classification = isClassification(batch.query.y);
      tf.tidy(() => {
        const { fast, slow } = splitParams(theta.model, opts.adapt);
        const record = (support: DataSet, query: DataSet, isBatched: boolean) => {
          const problem = innerProblem(opts, order, slow, support, isBatched);
          const predictQuery = predictor(opts, order, slow, query.x);
          const start = isBatched ? nn.batchParams(fast, n) : fast;
          const out = adaptOffTape(problem, start, lr, maxSteps, (k, p) => {
            if (!counts.has(k)) return;
            tf.tidy(() => {
              const pred = predictQuery(p);
              lossBy.get(k)!.push(...taskLosses(pred, query.y, isBatched).dataSync());
              if (classification) accBy.get(k)!.push(...taskAccuracies(pred, query.y, isBatched).dataSync());
            });
          });
          disposeTree(out.params);
          disposeTree(out.gradSum);
        };
        if (batched) record(batch.support, batch.query, true);
        else {
          for (let t = 0; t < n; t++) {
            tf.tidy(() => {
              const pick = (a: tf.Tensor) => tf.squeeze(tf.slice(a, [t], [1]), [0]);
              record({ x: pick(batch.support.x), y: pick(batch.support.y) }, { x: pick(batch.query.x), y: pick(batch.query.y) }, false);
            });
          }
        }
      });
    } finally {
      tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
    }
    done += n;
  }
  const table = (m: Map<number, number[]>): Record<number, Estimate> => Object.fromEntries([...m].map(([k, v]) => [k, training.estimate(v)]));
  return classification ? { loss: table(lossBy), accuracy: table(accBy) } : { loss: table(lossBy) };
}
