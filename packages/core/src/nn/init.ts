import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { type Key, normal, uniform } from '../random';

/**
 * Weight initialisation schemes.
 * - `'torch'`: PyTorch's `nn.Linear`/`nn.Conv2d` default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for
 *   weights and biases (what the PyTorch MAML reference uses).
 * - `'glorot'`: Glorot/Xavier uniform U(-sqrt(6/(fan_in+fan_out)), +...), zero biases (MAML's TF code).
 * - `'he'`: He normal N(0, 2/fan_in), zero biases (for deep ReLU nets).
 */
export type InitScheme = 'torch' | 'glorot' | 'he';

/** The schemes {@link InitScheme} allows, for validation. */
export const INIT_SCHEMES: readonly InitScheme[] = ['torch', 'glorot', 'he'];

/** Throws `INVALID_OPTIONS` unless `scheme` is a known {@link InitScheme}. */
export function assertInitScheme(scheme: unknown): InitScheme {
  if (!INIT_SCHEMES.includes(scheme as InitScheme)) {
    throw new MetatuneError('INVALID_OPTIONS', `unknown init scheme ${JSON.stringify(scheme)}`, {
      hint: `use one of ${INIT_SCHEMES.map((s) => `'${s}'`).join(', ')}`,
    });
  }
  return scheme as InitScheme;
}

function fromDoubles(values: Float64Array, shape: number[]): Tensor {
  return tf.tensor(Float32Array.from(values), shape, 'float32');
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A weight tensor of `shape` drawn from `key` under `scheme` (deterministic per key). */
export function initWeight(key: Key, shape: number[], fanIn: number, fanOut: number, scheme: InitScheme): Tensor {
  const n = size(shape);
  switch (scheme) {
    case 'torch': {
      const bound = 1 / Math.sqrt(fanIn);
      return fromDoubles(uniform(key, n, -bound, bound), shape);
    }
    case 'glorot': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return fromDoubles(uniform(key, n, -limit, limit), shape);
    }
    case 'he':
      return fromDoubles(normal(key, n, 0, Math.sqrt(2 / fanIn)), shape);
  }
}

/** A bias tensor of `shape`: U(±1/sqrt(fan_in)) under `'torch'`, zeros otherwise. */
export function initBias(key: Key, shape: number[], fanIn: number, scheme: InitScheme): Tensor {
  if (scheme !== 'torch') return tf.zeros(shape);
  const bound = 1 / Math.sqrt(fanIn);
  return fromDoubles(uniform(key, size(shape), -bound, bound), shape);
}
