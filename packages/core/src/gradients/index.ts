// Registers tfjs's stock gradients, then metatune's corrected, differentiable-to-any-order ones.
import './stock-gradients';
// tfjs-core registers no gradients by itself; the stock set is bundled into core's build.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
// metatune's overrides: each file says why stock tfjs is not enough for its kernels.
import './comparison';
import './unary';
import './softmax';
import './conv';
import './pool';
import './gather';
export { listGradientOverrides, withStockGradients, type GradientOverride } from './registry';
