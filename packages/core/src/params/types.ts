import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * A named tree of tensors: the parameters of a model, the state of an optimizer, a gradient.
 * Leaves are tensors; inner nodes are plain objects. Key order is the canonical leaf order
 * (flatten, save and load follow it).
 */
export interface Params {
  [name: string]: Tensor | Params;
}
