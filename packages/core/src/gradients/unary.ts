/**
 * Element-wise kernels whose stock gradient reads the saved forward OUTPUT or calls a kernel
 * that has no gradient of its own.
 *
 * Why the saved output is a problem: tfjs saves a tensor for backprop by cloning it, and records
 * the clone on the tape BEFORE the node that produced the original. When an outer gradient walks
 * the tape, the clone looks unconnected to `x`, so every path through it is silently dropped:
 * d²/dx² of x·exp(x) at 0.5 comes out 3.30 instead of (x+2)eˣ = 4.12. Recomputing from the saved
 * INPUT keeps the backward pass on the tape. The cost is one extra element-wise op per backward.
 */
import * as tf from '@tensorflow/tfjs-core';
import { overrideGradient } from './registry';

const SAVED_OUTPUT = 'stock gradient reads the saved output, which is cut off on the outer tape (silently wrong)';

overrideGradient(
  {
    kernelName: 'Exp',
    inputsToSave: ['x'],
    gradFunc: (dyIn, saved) => {
      const dy = dyIn as tf.Tensor;
      const x = saved[0]!;
      return { x: () => tf.mul(dy, tf.exp(tf.cast(x, 'float32'))) };
    },
  },
  SAVED_OUTPUT,
);

overrideGradient(
  {
    kernelName: 'Tanh',
    inputsToSave: ['x'],
    gradFunc: (dyIn, saved) => {
      const dy = dyIn as tf.Tensor;
      const x = saved[0]!;
      return { x: () => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x)))) };
    },
  },
  SAVED_OUTPUT,
);

overrideGradient(
  {
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dyIn, saved) => {
      const dy = dyIn as tf.Tensor;
      const x = saved[0]!;
      return {
        x: () => {
          const s = tf.sigmoid(x);
          return tf.mul(dy, tf.mul(s, tf.sub(1, s)));
        },
      };
    },
  },
  SAVED_OUTPUT,
);

overrideGradient(
  {
    kernelName: 'Elu',
    inputsToSave: ['x'],
    gradFunc: (dyIn, saved) => {
      const dy = dyIn as tf.Tensor;
      const x = saved[0]!;
      return {
        // exp(min(x, 0)) rather than exp(x): `where` evaluates both branches and exp of a large
        // positive x would overflow to Infinity, whose zero-weighted gradient is NaN.
        x: () => tf.where(tf.greater(x, 0), dy, tf.mul(dy, tf.exp(tf.minimum(x, 0)))),
      };
    },
  },
  'stock gradient calls the EluGrad kernel (no gradient) on the saved output: second order threw',
);

overrideGradient(
  {
    kernelName: 'Pow',
    inputsToSave: ['a', 'b'],
    gradFunc: (dyIn, saved) => {
      const dy = dyIn as tf.Tensor;
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const reduceTo = (g: tf.Tensor, shape: number[]): tf.Tensor => {
        const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
        return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
      };
      return {
        a: () => {
          const bf = tf.cast(b, 'float32');
          return reduceTo(tf.mul(dy, tf.mul(bf, tf.pow(a, tf.sub(bf, 1)))), a.shape);
        },
        b: () => {
          // The stock version multiplies by the saved output y = a^b; recompute it instead.
          const logA = tf.where(tf.greater(a, 0), tf.log(tf.maximum(a, 1e-30)), tf.zerosLike(a));
          return reduceTo(tf.mul(dy, tf.mul(tf.pow(a, b), logA)), b.shape);
        },
      };
    },
  },
  `${SAVED_OUTPUT} (gradient with respect to the exponent)`,
);
