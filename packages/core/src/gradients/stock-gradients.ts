// tfjs-core registers no gradients by itself; the stock set is bundled into core's build.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
