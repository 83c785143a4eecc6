/**
 * A learn2learn-style object API over the same core pieces, for users who think in
 * `maml.clone()` / `learner.adapt(loss)`: the outer step is a function (tfjs gradients are
 * functional), inside which clones adapt per task, differentiably unless `firstOrder`.
 */
import {
  MetatuneError,
  disposeParams,
  grad,
  leaves,
  mapParams,
  nn,
  optim,
  stopGradient,
  tf,
  valueAndGrad,
  zipParams,
  type Key,
  type Params,
} from '@metatune/core';
import { checkRate } from './options';

/** Options of {@link MetaModule}. */
export interface MetaModuleOptions {
  /** Inner (adaptation) learning rate (default 0.01). */
  readonly lr?: number;
  /** Do not differentiate through the inner gradients (default false). */
  readonly firstOrder?: boolean;
  /** Outer optimizer (default Adam 1e-3). */
  readonly optimizer?: optim.Optimizer;
  /** Key of the initial parameters (default makeKey(0) through `model.init`). */
  readonly key: Key;
}

/** A task-specific copy of the meta-parameters (learn2learn's `learner = maml.clone()`). */
export class Learner {
  /** Current (adapted) parameters; inside {@link MetaModule.step} they carry the outer gradient. */
  params: Params;

  constructor(
    private readonly model: nn.Module,
    params: Params,
    private readonly lr: number,
    private readonly firstOrder: boolean,
  ) {
    this.params = params;
  }

  /** The model's output under the current parameters. */
  forward(x: tf.Tensor): tf.Tensor {
    return this.model.apply(this.params, x);
  }

  /**
   * One SGD step on `loss(forward)`: `params - lr * grad`. Differentiable (second order) unless
   * the module is first-order.
   */
  adapt(loss: (forward: (x: tf.Tensor) => tf.Tensor) => tf.Scalar): void {
    const g = grad((p: Params) => loss((x) => this.model.apply(p, x)))(this.params);
    this.params = zipParams(this.params, g, (p, gi) => tf.sub(p, tf.mul(this.firstOrder ? stopGradient(gi) : gi, this.lr)));
  }
}

/**
 * The meta-module (learn2learn's `MAML(model, lr)`): holds the meta-parameters and the outer
 * optimizer state. Use {@link MetaModule.step} for one outer update:
 *
 * @example
 * const meta = new MetaModule(nn.mlp([1, 40, 40, 1]), { lr: 0.01, key: makeKey(0) });
 * const loss = meta.step(() => {
 *   let total = tf.scalar(0);
 *   for (const task of tasks) {
 *     const learner = meta.clone();
 *     learner.adapt((f) => losses.mse(f(task.support.x), task.support.y));
 *     total = tf.add(total, losses.mse(learner.forward(task.query.x), task.query.y));
 *   }
 *   return tf.div(total, tasks.length);
 * });
 */
export class MetaModule {
  /** Meta-parameters (owned by this object). */
  params: Params;
  private optState: Params;
  private traced: Params | undefined;
  private readonly lr: number;
  private readonly firstOrder: boolean;
  private readonly optimizer: optim.Optimizer;

  constructor(
    readonly model: nn.Module,
    options: MetaModuleOptions,
  ) {
    this.lr = checkRate(options.lr ?? 0.01, 'lr');
    this.firstOrder = options.firstOrder ?? false;
    this.optimizer = options.optimizer ?? optim.adam({ lr: 1e-3 });
    this.params = keep(tf.tidy(() => model.init(options.key) as unknown as tf.TensorContainer) as unknown as Params);
    this.optState = keep(tf.tidy(() => this.optimizer.init(this.params) as unknown as tf.TensorContainer) as unknown as Params);
  }

  /** A learner over the meta-parameters (inside `step`: the traced ones, so gradients reach them). */
  clone(): Learner {
    return new Learner(this.model, this.traced ?? this.params, this.lr, this.firstOrder);
  }

  /** Runs `metaLoss` under the outer gradient, applies the outer optimizer, returns the loss value. */
  step(metaLoss: () => tf.Scalar): number {
    if (this.traced) throw new MetatuneError('INVALID_ARGUMENT', 'MetaModule.step cannot be nested');
    const out = tf.tidy(() => {
      const { value, grads } = valueAndGrad((p: Params) => {
        this.traced = p;
        try {
          return metaLoss();
        } finally {
          this.traced = undefined;
        }
      })(this.params);
      const { updates, state } = this.optimizer.update(grads, this.optState, this.params);
      return { params: optim.applyUpdates(this.params, updates), state, value } as unknown as tf.TensorContainer;
    }) as unknown as { params: Params; state: Params; value: tf.Scalar };
    const loss = out.value.dataSync()[0];
    out.value.dispose();
    disposeParams(this.params);
    disposeParams(this.optState);
    this.params = out.params;
    this.optState = out.state;
    return loss;
  }

  /** Releases the meta-parameters and the optimizer state. */
  dispose(): void {
    disposeParams(this.params);
    disposeParams(this.optState);
  }
}

function keep(p: Params): Params {
  for (const [, t] of leaves(p)) tf.keep(t);
  return mapParams(p, (t) => t);
}
