import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { type Key, split } from '../random';
import type { Params } from '../params/types';
import { assertInitScheme, initBias, initWeight, type InitScheme } from './init';
import { leaf, positiveInt, type Module } from './module';

/** Options of {@link dense}. */
export interface DenseOptions {
  /** Initialisation scheme (default `'torch'`, PyTorch's `nn.Linear` default). */
  init?: InitScheme;
}

function shapeText(t: Tensor): string {
  return `[${t.shape.join(',')}]`;
}

/**
 * `x @ w + b` for the four layouts of a task-batched model, with one matMul and one add (plus
 * metadata-only reshapes), whatever the number of tasks:
 * - shared params `w [in,out]`, `b [out]` with `x [..., N, in]` (any leading axes);
 * - task params `w [T,in,out]`, `b [T,out]` with `x [T,N,in]` (one batched matmul) or a
 *   shared `x [N,in]` (broadcast over tasks).
 * Throws `SHAPE_MISMATCH` naming the shapes otherwise.
 */
export function denseApply(params: Params, x: Tensor): Tensor {
  const w = leaf(params, 'w', 'dense');
  const b = leaf(params, 'b', 'dense');
  const batched = w.rank === 3;
  const fail = (problem: string, hint: string): never => {
    throw new MetatuneError(
      'SHAPE_MISMATCH',
      `dense: ${problem} (x ${shapeText(x)}, w ${shapeText(w)}, b ${shapeText(b)})`,
      { hint },
    );
  };
  if (w.rank !== 2 && w.rank !== 3) fail('w must be [in,out] or [T,in,out]', 'pass params from dense(...).init or nn.batchParams');
  if (b.rank !== w.rank - 1 || b.shape[b.rank - 1] !== w.shape[w.rank - 1] || (batched && b.shape[0] !== w.shape[0])) {
    fail('b must be [out] for w [in,out] and [T,out] for w [T,in,out]', 'pass params from dense(...).init or nn.batchParams');
  }
  if (x.rank < 2) fail('x needs a batch axis', 'reshape a single example to [1, in]');
  const inputs = w.shape[w.rank - 2];
  if (x.shape[x.rank - 1] !== inputs) {
    fail(`x has ${x.shape[x.rank - 1]} features but the layer takes ${inputs}`, `give x a last axis of ${inputs}`);
  }
  if (batched && x.rank === 3 && x.shape[0] !== w.shape[0]) {
    fail(`x holds ${x.shape[0]} tasks but the params hold ${w.shape[0]}`, 'use the same task count T in x [T,N,in] and the params [T,...]');
  }
  if (batched && x.rank > 3) fail('task-batched params take x [T,N,in] or [N,in]', 'merge extra leading axes of x into N');
  if (!batched) {
    if (x.rank === 2) return tf.add(tf.matMul(x, w), b);
    // Shared params, task-batched x: fold the leading axes into rows. (tf.matMul would broadcast,
    // but the stock BatchMatMul gradient does not sum over broadcast axes and fails.)
    const rows = tf.reshape(x, [-1, inputs]);
    return tf.reshape(tf.add(tf.matMul(rows, w), b), [...x.shape.slice(0, -1), w.shape[1] as number]);
  }
  const tasks = w.shape[0];
  // Task params with a shared x [N,in]: broadcast x with an add (its gradient sums over tasks).
  const xt = x.rank === 2 ? tf.add(tf.zeros([tasks, 1, 1]), x) : x;
  return tf.add(tf.matMul(xt, w), tf.reshape(b, [tasks, 1, b.shape[1] as number]));
}

/** Initial params `{ w: [inputs, outputs], b: [outputs] }` of a dense layer, drawn from `key`. */
export function denseInit(key: Key, inputs: number, outputs: number, init: InitScheme): Params {
  const [kw, kb] = split(key);
  return {
    w: initWeight(kw, [inputs, outputs], inputs, outputs, init),
    b: initBias(kb, [outputs], inputs, init),
  };
}

/** A fully connected layer `x @ w + b` with params `{ w: [inputs, outputs], b: [outputs] }`. */
export function dense(inputs: number, outputs: number, options: DenseOptions = {}): Module {
  positiveInt(inputs, 'inputs');
  positiveInt(outputs, 'outputs');
  const init = assertInitScheme(options.init ?? 'torch');
  return {
    init: (key) => denseInit(key, inputs, outputs, init),
    apply: (params, x) => denseApply(params, x),
  };
}
