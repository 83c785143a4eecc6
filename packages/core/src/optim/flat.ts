import { MetatuneError } from '../errors';
import { flattenParams, unflattenParams } from '../params/flatten';
import { isTensor } from '../params/tree';
import type { Params } from '../params/types';
import type { Optimizer } from './types';

/** The single leaf the wrapped optimizer sees. */
const VECTOR = 'vector';

/**
 * Runs an elementwise optimizer (`sgd`, `momentum`, `adam`, `rmsprop`) on all parameters at once,
 * as one concatenated vector: the same numbers as the wrapped optimizer, in a dozen kernels per
 * update instead of a dozen per parameter tensor. On small models, where the cost of a step is
 * the number of kernels launched rather than arithmetic, this is what the update costs (MAML's
 * 1-40-40-1 sine net has 6 tensors: about 80 kernels of Adam become about 25).
 *
 * The state holds one vector per moment (`{ step, m: { vector }, v: { vector } }` for Adam), so
 * checkpoints of the flat and the per-tensor form are not interchangeable. Learning rates must
 * be a number or a scalar tensor; a per-parameter tree (Meta-SGD's inner rates) does not fit the
 * vector and is refused.
 *
 * @example
 * const outer = optim.flat(optim.adam({ lr: 1e-3 }));
 * let state = outer.init(params);
 * const { updates, state: next } = outer.update(grads, state, params); // updates shaped like params
 */
export function flat<S extends Params>(optimizer: Optimizer<S>): Optimizer<S> {
  const vector = (p: Params): Params => ({ [VECTOR]: flattenParams(p) });
  return {
    name: `flat(${optimizer.name})`,
    init: (params) => optimizer.init(vector(params)),
    update(grads, state, params) {
      const { updates, state: next } = optimizer.update(vector(grads), state, params ? vector(params) : undefined);
      const flatUpdates = updates[VECTOR];
      if (!isTensor(flatUpdates)) {
        throw new MetatuneError('INVALID_OPTIONS', `flat(${optimizer.name}) got updates that are not one vector`, {
          hint: 'wrap only elementwise optimizers with number or scalar learning rates',
        });
      }
      return { updates: unflattenParams(flatUpdates, grads), state: next };
    },
  };
}
