/**
 * Zero gradients for comparison and logical kernels.
 *
 * Why: stock tfjs registers no gradient for Greater, Less, LessEqual, Equal, NotEqual, the
 * logical ops or ZerosLike. Their outputs are piecewise constant (zero derivative), but tfjs
 * still walks them when a mask computed from `x` feeds a `where` or a `mul`, and throws
 * "gradient function not found for Greater". That breaks the FIRST derivative of
 * `where(greater(x, 0), ...)` and the SECOND derivative of every stock gradient that builds a
 * mask from its saved input: LeakyRelu, Prelu, Selu, ClipByValue, Maximum, Minimum, Max, Min.
 */
import * as tf from '@tensorflow/tfjs-core';
import { overrideGradient } from './registry';

const REASON = 'no stock gradient; masks built from x broke first and higher derivatives';

function zeroGradient(kernelName: string, inputs: readonly string[]): void {
  overrideGradient(
    {
      kernelName,
      inputsToSave: [...inputs],
      gradFunc: (_dy, saved) => {
        const grads: Record<string, () => tf.Tensor> = {};
        inputs.forEach((name, i) => {
          // A fresh constant: not connected to anything, so its own gradient is never needed.
          grads[name] = () => tf.zeros(saved[i]!.shape, 'float32');
        });
        return grads;
      },
    },
    REASON,
  );
}

for (const k of ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr']) {
  zeroGradient(k, ['a', 'b']);
}
zeroGradient('LogicalNot', ['x']);
zeroGradient('ZerosLike', ['x']);
