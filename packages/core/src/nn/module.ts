import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import type { Key } from '../random';
import { isTensor } from '../params/tree';
import type { Params } from '../params/types';

/** Options of {@link Module.apply}. */
export interface ApplyOptions {
  /** Training mode. Metatune's norms always use batch statistics (transductive, as in MAML), so it changes nothing today. */
  training?: boolean;
}

/**
 * A model as a pair of pure functions: `init(key)` makes fresh parameters, `apply(params, x)`
 * runs the model. Parameters live outside the module, so an inner loop can apply adapted copies
 * and gradients flow through them.
 */
export interface Module {
  /** Fresh parameters drawn from `key` (same key, same parameters). */
  init(key: Key): Params;
  /** The model's output for input `x` under `params` (params and x may carry a leading task axis). */
  apply(params: Params, x: Tensor, options?: ApplyOptions): Tensor;
  /**
   * What the module is, when code may rely on it (e.g. `nn.mlp` sets it, so meta-learners can use
   * the analytic gradients of {@link mlpMseGradients}); absent for custom modules.
   */
  readonly architecture?: MlpArchitecture;
  /**
   * The module as a body followed by a linear head, when it is one (`nn.mlp` and `nn.conv4` set
   * it). A meta-learner that adapts only the head (ANIL) then runs the body once per task and
   * data set instead of once per inner step.
   */
  readonly head?: ModuleHead;
}

/**
 * The split of a {@link Module} into body and head: for any params `p` and input `x`,
 * `head.apply(p[head.key], head.features(p, x))` equals `module.apply(p, x)`.
 */
export interface ModuleHead {
  /** The top-level params key of the head (`head` for conv4, the last `layerN` for an mlp). */
  readonly key: string;
  /** The body's output for `x` (the head's input); reads every params key but `key`, which may be absent. */
  features(params: Params, x: Tensor): Tensor;
  /** The head's output for `features` under the head's own params (`params[key]`). */
  apply(head: Params, features: Tensor): Tensor;
}

/** The architecture `nn.mlp` modules report: layer sizes and the hidden activation. */
export interface MlpArchitecture {
  readonly kind: 'mlp';
  readonly sizes: readonly number[];
  readonly activation: Activation;
}

/** Activation functions of {@link mlp}. */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'leakyRelu';

const ACTIVATIONS: Record<Activation, (x: Tensor) => Tensor> = {
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  elu: (x) => tf.elu(x),
  // PyTorch's default negative slope; tf.leakyRelu defaults to 0.2.
  leakyRelu: (x) => tf.leakyRelu(x, 0.01),
};

/** The activation function named `name`; throws `INVALID_OPTIONS` for an unknown name. */
export function activation(name: Activation): (x: Tensor) => Tensor {
  const fn = ACTIVATIONS[name];
  if (!fn || !Object.hasOwn(ACTIVATIONS, name)) {
    throw new MetatuneError('INVALID_OPTIONS', `unknown activation ${JSON.stringify(name)}`, {
      hint: `use one of ${Object.keys(ACTIVATIONS).map((a) => `'${a}'`).join(', ')}`,
    });
  }
  return fn;
}

/** The tensor at `params[name]`, or an `INVALID_PARAMS` error naming what the module expected. */
export function leaf(params: Params, name: string, where: string): Tensor {
  const value = params?.[name];
  if (!isTensor(value)) {
    throw new MetatuneError('INVALID_PARAMS', `${where} expects a tensor '${name}' in its params`, {
      hint: 'pass params made by this module\'s init (or nn.batchParams of them)',
    });
  }
  return value;
}

/** The subtree at `params[name]`, or an `INVALID_PARAMS` error. */
export function subtree(params: Params, name: string, where: string): Params {
  const value = params?.[name];
  if (typeof value !== 'object' || value === null || isTensor(value)) {
    throw new MetatuneError('INVALID_PARAMS', `${where} expects a params subtree '${name}'`, {
      hint: 'pass params made by this module\'s init (or nn.batchParams of them)',
    });
  }
  return value;
}

/** Checks a positive integer option. */
export function positiveInt(value: unknown, what: string): number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new MetatuneError('INVALID_OPTIONS', `${what} must be a positive integer, got ${String(value)}`, {
      hint: `pass e.g. ${what}: 1`,
    });
  }
  return value as number;
}
