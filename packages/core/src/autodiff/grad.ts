/**
 * Reverse-mode gradients over Tensors and Params trees, nestable to any order (grad of grad,
 * valueAndGrad through an inner grad for MAML). Built on `tf.engine().gradients`, which records
 * the backward pass on the outer tape whenever an outer gradient is being taken; metatune's
 * gradient overrides (../gradients) make those backward passes themselves differentiable.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { flatten, mapTensors, type Differentiable } from './tree';

/** Result of {@link valueAndGrad}: the value of `f` and its gradient, shaped like the input. */
export interface ValueAndGrad<P> {
  /** f(p). */
  value: tf.Scalar;
  /** ∇f(p), shaped like p. */
  grads: P;
}

/** Result of {@link valueAndGradWithAux}: value, gradient and the auxiliary output of `f`. */
export interface ValueAndGradWithAux<P, A> extends ValueAndGrad<P> {
  /** The `aux` part of f's result. */
  aux: A;
}

function assertScalar(y: unknown, where: string): asserts y is tf.Scalar {
  if (!(y instanceof tf.Tensor) || y.rank !== 0) {
    const got = y instanceof tf.Tensor ? `a tensor of shape [${y.shape}]` : typeof y;
    throw new MetatuneError('INVALID_ARGUMENT', `${where}: the function must return a scalar tensor, got ${got}`, {
      hint: 'reduce the output to a scalar, e.g. with tf.mean or tf.sum',
    });
  }
}

function core<P extends Differentiable>(f: (p: P) => unknown, p: P, where: string, pick: (out: unknown) => unknown) {
  const flat = flatten(p);
  if (flat.leaves.length === 0) {
    throw new MetatuneError('INVALID_PARAMS', `${where}: there is nothing to differentiate (the tree has no tensors)`, {
      hint: 'pass a tensor or a tree with at least one tensor leaf',
    });
  }
  flat.leaves.forEach((t, i) => {
    if (t.dtype !== 'float32') {
      throw new MetatuneError('INVALID_ARGUMENT', `${where}: leaf '${flat.paths[i] || 'x'}' has dtype ${t.dtype}`, {
        hint: 'differentiate with respect to float32 tensors only (cast with tf.cast(x, "float32"))',
      });
    }
  });
  let out: unknown;
  const { value, grads } = tf.engine().gradients(
    () => {
      out = f(flat.rebuild(flat.leaves));
      const y = pick(out);
      assertScalar(y, where);
      return y;
    },
    flat.leaves,
    undefined,
    true,
  );
  // A leaf the value does not depend on gets a zero gradient (a constant, off the tape).
  const filled = grads.map((g, i) => g ?? tf.zeros(flat.leaves[i]!.shape, 'float32'));
  return { value: value as tf.Scalar, grads: flat.rebuild(filled), out };
}

/**
 * Returns a function computing the gradient of the scalar function `f` at `p`, shaped like `p`
 * (a Tensor or a Params tree). Leaves `f` does not depend on get zeros. Nests to any order:
 * `grad(x => sum(grad(f)(x)))` is a second derivative.
 *
 * @example
 * const d2 = grad((x: tf.Tensor) => tf.sum(grad((y: tf.Tensor) => tf.sum(tf.tanh(y)))(x)))(tf.scalar(0.5));
 */
export function grad<P extends Differentiable>(f: (p: P) => tf.Tensor): (p: P) => P {
  return (p) => tf.tidy(() => core(f, p, 'grad', (y) => y).grads as tf.TensorContainer) as unknown as P;
}

/** Like {@link grad}, and also returns the value of `f` at `p` (one forward pass). */
export function valueAndGrad<P extends Differentiable>(f: (p: P) => tf.Tensor): (p: P) => ValueAndGrad<P> {
  return (p) =>
    tf.tidy(() => {
      const { value, grads } = core(f, p, 'valueAndGrad', (y) => y);
      return { value, grads } as unknown as tf.TensorContainer;
    }) as unknown as ValueAndGrad<P>;
}

/**
 * Like {@link valueAndGrad} for a function returning `{ loss, aux }`: differentiates `loss` and
 * passes `aux` (any value; tensors inside it survive and belong to the caller's scope, like any
 * other op result) through. Gradients of an outer `grad` still flow through `aux` tensors.
 */
export function valueAndGradWithAux<P extends Differentiable, A>(
  f: (p: P) => { loss: tf.Tensor; aux: A },
): (p: P) => ValueAndGradWithAux<P, A> {
  return (p) =>
    tf.tidy(() => {
      let kept: A | undefined;
      const { value, grads } = core(f, p, 'valueAndGradWithAux', (out) => {
        const o = out as { loss?: unknown; aux?: A } | null;
        if (o === null || typeof o !== 'object' || !('loss' in o)) {
          throw new MetatuneError('INVALID_ARGUMENT', 'valueAndGradWithAux: the function must return { loss, aux }', {
            hint: 'return an object whose loss is a scalar tensor',
          });
        }
        // The forward pass runs in a tidy that would dispose aux: keep a clone (recorded on the
        // tape, so outer gradients still flow) until this scope takes it over below.
        kept = mapTensors(o.aux as A, (t) => tf.keep(tf.clone(t)));
        return o.loss;
      });
      const aux = mapTensors(kept as A, (t) => {
        const c = tf.clone(t);
        t.dispose();
        return c;
      });
      return { value, grads, aux } as unknown as tf.TensorContainer;
    }) as unknown as ValueAndGradWithAux<P, A>;
}
