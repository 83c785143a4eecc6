export type { Optimizer, LearningRate, CommonOptions } from './types';
export { applyUpdates } from './common';
export { flat } from './flat';
export { sgd, type SgdState } from './sgd';
export { momentum, type MomentumOptions, type MomentumState } from './momentum';
export { adam, type AdamOptions, type AdamState } from './adam';
export { rmsprop, type RmspropOptions, type RmspropState } from './rmsprop';
