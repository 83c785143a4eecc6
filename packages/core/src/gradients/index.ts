// Registers tfjs's stock gradients, then metatune's corrected, differentiable-to-any-order ones.
// tfjs-core's own entry must run first: the stock gradients bundled below carry a private copy
// of tfjs-core's internals, and whichever copy runs first creates the global engine. The entry
// point is the copy that installs the tensor op handler, so it must be the one that does.
import '@tensorflow/tfjs-core';
import './stock-gradients';
// metatune's overrides: each file says why stock tfjs is not enough for its kernels.
import './comparison';
import './unary';
import './softmax';
import './conv';
import './pool';
import './gather';
export { listGradientOverrides, withStockGradients, type GradientOverride } from './registry';
