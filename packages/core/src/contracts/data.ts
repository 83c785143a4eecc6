import type { Tensor } from '@tensorflow/tfjs-core';

/** A labelled set of examples: inputs `x` and targets `y` (regression values or integer class labels). */
export interface DataSet {
  readonly x: Tensor;
  readonly y: Tensor;
}
