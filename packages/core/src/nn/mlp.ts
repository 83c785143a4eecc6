import type { Tensor } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { split } from '../random';
import type { Params } from '../params/types';
import { denseApply, denseInit } from './dense';
import { assertInitScheme, type InitScheme } from './init';
import { type Activation, activation, type Module, positiveInt, subtree } from './module';

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Hidden-layer activation (default `'relu'`); the output layer is linear. */
  activation?: Activation;
  /** Initialisation scheme (default `'torch'`). */
  init?: InitScheme;
}

/**
 * A multilayer perceptron with layer sizes `sizes` (e.g. `[1, 40, 40, 1]`, the MAML sine model),
 * params `{ layer0: { w, b }, layer1: ..., }`. Accepts task-batched params and inputs (see
 * {@link denseApply}): one batched matmul per layer, whatever the number of tasks.
 */
export function mlp(sizes: number[], options: MlpOptions = {}): Module {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new MetatuneError('INVALID_OPTIONS', `mlp needs at least an input and an output size, got ${JSON.stringify(sizes)}`, {
      hint: 'pass e.g. [1, 40, 40, 1]',
    });
  }
  sizes.forEach((s, i) => positiveInt(s, `sizes[${i}]`));
  const init = assertInitScheme(options.init ?? 'torch');
  const act = activation(options.activation ?? 'relu');
  const layers = sizes.length - 1;
  // The hidden layers with their activations: the body whose output the last layer reads.
  const features = (params: Params, x: Tensor): Tensor => {
    let h: Tensor = x;
    for (let i = 0; i < layers - 1; i++) h = act(denseApply(subtree(params, `layer${i}`, 'mlp'), h));
    return h;
  };
  const headKey = `layer${layers - 1}`;
  return {
    architecture: { kind: 'mlp', sizes: [...sizes], activation: options.activation ?? 'relu' },
    init(key) {
      const keys = split(key, layers);
      const params: Params = {};
      for (let i = 0; i < layers; i++) params[`layer${i}`] = denseInit(keys[i], sizes[i], sizes[i + 1], init);
      return params;
    },
    apply(params, x) {
      return denseApply(subtree(params, headKey, 'mlp'), features(params, x));
    },
    head: { key: headKey, features, apply: denseApply },
  };
}
