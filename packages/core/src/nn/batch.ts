import * as tf from '@tensorflow/tfjs-core';
import { positiveInt } from './module';
import { mapParams } from '../params/tree';
import type { Params } from '../params/types';

/**
 * Copies a param tree along a new leading task axis: every leaf `[...s]` becomes `[T, ...s]`.
 * Differentiable, and its gradient is one sum over the task axis whatever `T` is (it broadcasts
 * with an add instead of `tf.tile`, whose stock gradient takes `T` slices).
 */
export function batchParams(params: Params, tasks: number): Params {
  positiveInt(tasks, 'tasks');
  return mapParams(params, (t) => tf.add(tf.zeros([tasks, ...t.shape.map(() => 1)], t.dtype), t));
}
