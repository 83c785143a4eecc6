/**
 * The MAML objective: the query loss after an inner loop of k steps from the meta-parameters,
 * for a whole meta-batch, on two execution paths (task-batched: params with a leading task axis,
 * one graph for the batch; per-task: a loop, for models such as conv4), and its meta-gradient.
 */
import {
  addParams,
  grad,
  losses,
  mapParams,
  nn,
  optim,
  stopGradient,
  subParams,
  tf,
  training,
  valueAndGrad,
  zipParams,
  type DataSet,
  type Params,
  type TaskBatch,
} from '@metatune/core';
import { joinParams, splitParams, type ResolvedOptions } from './options';

/** Meta-parameters: the model's initialisation and, for Meta-SGD, its per-parameter inner rates. */
export type Theta = { model: Params; lr?: Params };

// The per-task loss and accuracy are core's (`losses.taskLosses`, ...), shared with the other meta-learners.
export const { isClassification, taskLosses, taskAccuracies } = losses;

/** The inner learning rate: Meta-SGD's learned tree, or the fixed alpha. */
export function innerRate(options: ResolvedOptions, theta: Theta): optim.LearningRate {
  return options.learnInnerLr && theta.lr ? theta.lr : options.innerLr;
}

/** What the inner loop needs besides the adapted params. */
export interface InnerProblem {
  readonly options: ResolvedOptions;
  /** Key order of the model's params tree. */
  readonly order: readonly string[];
  /** Params the inner loop does not adapt (ANIL's body); empty for MAML. */
  readonly slow: Params;
  readonly support: DataSet;
  /** True when params carry a leading task axis. */
  readonly batched: boolean;
  /** The model's predictions on `support.x` under adapted params (see {@link predictor}). */
  readonly predictSupport: (fast: Params) => tf.Tensor;
}

/** The model's head when the inner loop adapts exactly it (ANIL on a model that declares `head`). */
function adaptedHead(options: ResolvedOptions) {
  const head = options.model.head;
  return head && options.adapt?.length === 1 && options.adapt[0] === head.key ? head : undefined;
}

/**
 * The model's predictions on a fixed input `x` as a function of the adapted params `fast`. When
 * only the head adapts, the body runs here, once (on the current tape, so a meta-gradient still
 * reaches it), and each call applies just the head: ANIL's inner steps then cost a linear layer
 * each instead of a pass through the whole model.
 */
export function predictor(options: ResolvedOptions, order: readonly string[], slow: Params, x: tf.Tensor): (fast: Params) => tf.Tensor {
  const head = adaptedHead(options);
  if (head) {
    const features = head.features(slow, x);
    return (fast) => head.apply(fast[head.key] as Params, features);
  }
  return (fast) => options.model.apply(joinParams(order, fast, slow), x);
}

/** The inner problem on `support`: the model's body, when only the head adapts, runs once here. */
export function innerProblem(options: ResolvedOptions, order: readonly string[], slow: Params, support: DataSet, batched: boolean): InnerProblem {
  return { options, order, slow, support, batched, predictSupport: predictor(options, order, slow, support.x) };
}

function supportLoss(problem: InnerProblem, fast: Params): tf.Scalar {
  const pred = problem.predictSupport(fast);
  // The sum over tasks gives every task its own, unscaled gradient.
  return tf.sum(taskLosses(pred, problem.support.y, problem.batched)) as tf.Scalar;
}

/**
 * The gradient of the support loss at `fast`. For a plain MLP on a regression task (MAML,
 * Meta-SGD; not ANIL, whose loss also runs through the shared body) the forward and backward
 * passes are written out as ops (`nn.mlpMseGradients`): exact also under the outer gradient, and
 * about half the kernels of recording and replaying the tape. Anything else uses `grad`.
 */
function innerGradient(problem: InnerProblem, fast: Params): Params {
  const architecture = problem.options.model.architecture;
  if (nn.hasAnalyticMseGradient(architecture) && Object.keys(problem.slow).length === 0 && !isClassification(problem.support.y)) {
    const grads = nn.mlpMseGradients(architecture, fast, problem.support.x, problem.support.y);
    if (grads) return grads;
  }
  return grad((p: Params) => supportLoss(problem, p))(fast);
}

/**
 * Differentiable inner loop: `steps` optimizer steps on the support loss, recorded on the
 * current gradient tape so an outer gradient flows through them (second-order MAML).
 */
export function adaptOnTape(problem: InnerProblem, fast: Params, lr: optim.LearningRate, steps: number): Params {
  const optimizer = problem.options.makeInner(lr);
  let params = fast;
  let state = optimizer.init(params);
  for (let k = 0; k < steps; k++) {
    const g = innerGradient(problem, params);
    const next = optimizer.update(g, state, params);
    params = optim.applyUpdates(params, next.updates);
    state = next.state;
  }
  return params;
}

/**
 * Inner loop off the tape, one `tf.tidy` per step so memory does not grow with `steps`.
 * Returns the adapted params and the sum of the inner gradients (first-order Meta-SGD needs it).
 * `observe(k, params)` is called before step k+1 and after the last step (evaluation).
 * The caller owns the returned tensors; `fast` is not disposed.
 */
export function adaptOffTape(
  problem: InnerProblem,
  fast: Params,
  lr: optim.LearningRate,
  steps: number,
  observe?: (k: number, params: Params) => void,
): { params: Params; gradSum: Params } {
  const optimizer = problem.options.makeInner(lr);
  let params = fast;
  let state = optimizer.init(params);
  let gradSum = mapParams(fast, (t) => tf.zerosLike(t));
  for (let k = 0; k < steps; k++) {
    observe?.(k, params);
    const out = tf.tidy(() => {
      const g = innerGradient(problem, params);
      const next = optimizer.update(g, state, params);
      return { params: optim.applyUpdates(params, next.updates), state: next.state, gradSum: addParams(gradSum, g) };
    });
    if (params !== fast) tf.dispose(leavesOf(params));
    tf.dispose(leavesOf(state));
    tf.dispose(leavesOf(gradSum));
    params = out.params;
    state = out.state;
    gradSum = out.gradSum;
  }
  observe?.(steps, params);
  tf.dispose(leavesOf(state));
  return { params: params === fast ? mapParams(fast, (t) => tf.clone(t)) : params, gradSum };
}

function leavesOf(p: Params | undefined): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  const walk = (node: Params) => {
    for (const v of Object.values(node)) {
      if (v instanceof tf.Tensor) out.push(v);
      else if (v && typeof v === 'object') walk(v);
    }
  };
  if (p) walk(p);
  return out;
}

/** Slices task `t` out of a task-batched data set. */
export function taskSlice(data: DataSet, t: number): DataSet {
  const pick = (a: tf.Tensor) => tf.squeeze(tf.slice(a, [t], [1]), [0]);
  return { x: pick(data.x), y: pick(data.y) };
}

/**
 * First-order correction, computed off the tape before the outer gradient: the adapted params
 * are `fast + delta` with `delta` constant (FOMAML), or `fast - lr * gradSum` with only the rate
 * on the tape (first-order Meta-SGD). No inner graph is kept.
 */
interface FirstOrderPlan {
  readonly delta?: Params;
  readonly gradSum?: Params;
}

function firstOrderPlan(options: ResolvedOptions, problem: InnerProblem, theta: Theta, fastStart: Params): FirstOrderPlan {
  const lr = innerRate(options, theta);
  const { params, gradSum } = adaptOffTape(problem, fastStart, lr, options.innerSteps);
  if (options.learnInnerLr) {
    tf.dispose(leavesOf(params));
    return { gradSum };
  }
  const delta = subParams(params, fastStart);
  tf.dispose([...leavesOf(params), ...leavesOf(gradSum)]);
  return { delta };
}

function adaptedFromPlan(plan: FirstOrderPlan, fast: Params, theta: Theta): Params {
  if (plan.delta) return addParams(fast, mapParams(plan.delta, (d) => stopGradient(d)));
  const rates = theta.lr as Params;
  return zipParams(fast, plan.gradSum as Params, (p, g, path) => tf.sub(p, tf.mul(rateAt(rates, path), g)));
}

function rateAt(rates: Params, path: string): tf.Tensor {
  let node: Params | tf.Tensor = rates;
  for (const part of path.split('/')) node = (node as Params)[part] as Params | tf.Tensor;
  return node as tf.Tensor;
}

/** Checks a task batch before any work (core's `training.checkTaskBatch`). */
export function checkBatch(batch: TaskBatch, where: string): void {
  training.checkTaskBatch(batch, where);
}

/** Whether this model runs task-batched: `auto` picks batched when every leaf has rank <= 2 (dense/MLP). */
export function useBatched(options: ResolvedOptions, params: Params): boolean {
  if (options.execution !== 'auto') return options.execution === 'batched';
  return leavesOf(params).every((t) => t.rank <= 2);
}

/**
 * The meta-objective and its meta-gradient with respect to `theta`: the mean over tasks of the
 * query loss after `innerSteps` inner steps (second order unless `firstOrder`). Runs inside the
 * caller's scope; wrap it in `tf.tidy`.
 */
export function metaGradient(options: ResolvedOptions, theta: Theta, batch: TaskBatch): { loss: tf.Scalar; grads: Theta } {
  checkBatch(batch, options.name);
  const order = Object.keys(theta.model);
  const batched = useBatched(options, theta.model);
  const T = batch.size;

  // Off-tape first-order plans, one for the batch or one per task.
  let plans: FirstOrderPlan[] = [];
  const supports: DataSet[] = batched ? [batch.support] : Array.from({ length: T }, (_, t) => taskSlice(batch.support, t));
  const queries: DataSet[] = batched ? [batch.query] : Array.from({ length: T }, (_, t) => taskSlice(batch.query, t));
  if (options.firstOrder && options.innerSteps > 0) {
    const { fast, slow } = splitParams(theta.model, options.adapt);
    plans = supports.map((support) => {
      const start = batched ? nn.batchParams(fast, T) : fast;
      return firstOrderPlan(options, innerProblem(options, order, slow, support, batched), theta, start);
    });
  }

  // Task i's share of the meta-objective: its query loss after adaptation (the whole batch's mean
  // on the batched path, where i is always 0), divided by T on the per-task path.
  const taskObjective = (i: number) => (th: Theta): tf.Scalar => {
    const { fast, slow } = splitParams(th.model, options.adapt);
    const lr = innerRate(options, th);
    const problem = innerProblem(options, order, slow, supports[i], batched);
    const start = batched ? nn.batchParams(fast, T) : fast;
    let adapted: Params;
    if (options.innerSteps === 0) adapted = start;
    else if (options.firstOrder) adapted = adaptedFromPlan(plans[i], start, th);
    else adapted = adaptOnTape(problem, start, lr, options.innerSteps);
    const pred = predictor(options, order, slow, queries[i].x)(adapted);
    const loss = taskLosses(pred, queries[i].y, batched);
    return (batched ? tf.mean(loss) : tf.div(loss, T)) as tf.Scalar;
  };
  if (batched) {
    const { value, grads } = valueAndGrad((th: Params) => taskObjective(0)(th as Theta))(theta as Params);
    return { loss: value, grads: grads as Theta };
  }
  // Per task, one graph at a time, summing the gradients (the gradient of a sum): the peak memory
  // is one task's inner loop, not the meta-batch's, which for conv4 with several second-order inner
  // steps is what fits in wasm's 4 GB heap.
  let loss: tf.Scalar | undefined;
  let grads: Params | undefined;
  for (let i = 0; i < T; i++) {
    const task = tf.tidy(() => {
      const { value, grads: g } = valueAndGrad((th: Params) => taskObjective(i)(th as Theta))(theta as Params);
      return { value, grads: g as tf.TensorContainer };
    }) as { value: tf.Scalar; grads: Params };
    if (loss === undefined || grads === undefined) {
      loss = task.value;
      grads = task.grads;
      continue;
    }
    const [oldLoss, oldGrads] = [loss, grads];
    loss = tf.add(oldLoss, task.value) as tf.Scalar;
    grads = zipParams(oldGrads, task.grads, (a, b) => tf.add(a, b));
    tf.dispose([oldLoss, task.value, ...leavesOf(oldGrads), ...leavesOf(task.grads)]);
  }
  return { loss: loss!, grads: grads as Theta };
}
