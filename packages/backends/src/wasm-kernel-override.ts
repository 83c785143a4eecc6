import * as tf from '@tensorflow/tfjs-core';

/** What tfjs passes a kernel function. */
export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** One of tfjs-backend-wasm's kernels replaced by metatune's; tfjs's own stays available. */
export interface WasmKernelOverride {
  /** Registers metatune's kernel (idempotent; does nothing when tfjs-backend-wasm is not loaded). */
  install(): void;
  /** Puts tfjs-backend-wasm's kernel back (for A/B measurements); undo with `install`. */
  restore(): void;
}

function replace(kernel: tf.KernelConfig): void {
  tf.unregisterKernel(kernel.kernelName, 'wasm');
  tf.registerKernel(kernel);
}

/**
 * Replaces the wasm backend's `kernelName` with `kernelFunc`, which receives tfjs's kernel to
 * fall back on for the cases it does not take.
 */
export function wasmKernelOverride(kernelName: string, kernelFunc: (args: KernelArgs, stock: tf.KernelConfig) => tf.TensorInfo): WasmKernelOverride {
  let stock: tf.KernelConfig | undefined;
  // One function for the override's lifetime: installing again registers the same kernel.
  const ours = ((args: KernelArgs) => kernelFunc(args, stock!)) as unknown as tf.KernelFunc;
  return {
    install() {
      if (stock !== undefined) return;
      stock = tf.getKernel(kernelName, 'wasm');
      if (stock === undefined) return; // tfjs-backend-wasm is not loaded in this process
      const stockSetup = stock.setupFunc;
      replace({
        kernelName,
        backendName: 'wasm',
        kernelFunc: ours,
        // The stock kernel binds its wasm function in its setup, which tfjs runs only for the
        // kernel registered when the backend starts: run it for the fallback.
        ...(stockSetup && { setupFunc: stockSetup }),
      });
    },
    restore() {
      if (stock === undefined) return;
      replace(stock);
      stock = undefined;
    },
  };
}
