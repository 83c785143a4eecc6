import * as tf from '@tensorflow/tfjs-core';

/** The part of the wasm backend the kernels use: its reference count per data id. */
interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/*
 * Why: while a gradient is recorded, tfjs saves every op's inputs for the backward pass through
 * `clone` (an `Identity` kernel), and the gradient of a clone is a float32 `Cast`. On
 * tfjs-backend-wasm both kernels copy the buffer (allocate, register, memcpy, later free) even
 * when nothing changes; a second-order MAML sine meta-step runs ~120 Identity and ~25 same-dtype
 * Cast kernels. Tensors are immutable (no wasm kernel writes into an input, and wasm's own
 * `Reshape` already shares buffers), so these two can share the input's buffer, as the cpu
 * backend's Identity does.
 */

/** Returns the input as a new tensor over the same buffer (one more reference). */
function share(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** tfjs-backend-wasm's own kernels, kept to fall back on and for A/B benchmarks. */
const copying = new Map<string, tf.KernelConfig>();

function sharingKernels(): tf.KernelConfig[] {
  const identity = copying.get(tf.Identity)!;
  const cast = copying.get(tf.Cast)!;
  return [
    {
      kernelName: tf.Identity,
      backendName: 'wasm',
      kernelFunc: (args) => {
        const x = args.inputs.x as tf.TensorInfo;
        return x.dtype === 'string' ? identity.kernelFunc(args) : share(x, args.backend);
      },
    },
    {
      kernelName: tf.Cast,
      backendName: 'wasm',
      kernelFunc: (args) => {
        const x = args.inputs.x as tf.TensorInfo;
        const same = (args.attrs as unknown as tf.CastAttrs).dtype === x.dtype && x.dtype !== 'string';
        return same ? share(x, args.backend) : cast.kernelFunc(args);
      },
    },
  ];
}

function replace(kernel: tf.KernelConfig): void {
  tf.unregisterKernel(kernel.kernelName, 'wasm');
  tf.registerKernel(kernel);
}

/**
 * Makes the wasm backend's `Identity` and same-dtype `Cast` kernels share their input's buffer
 * instead of copying it (idempotent): about 10% off a second-order MAML meta-step, identical
 * results. `initBackend('wasm' | 'auto')` calls it; call it yourself if you start the backend
 * with `tf.setBackend('wasm')`.
 */
export function shareWasmBuffers(): void {
  if (copying.size > 0) return;
  for (const name of [tf.Identity, tf.Cast]) {
    const kernel = tf.getKernel(name, 'wasm');
    if (kernel === undefined) return; // tfjs-backend-wasm is not loaded in this process
    copying.set(name, kernel);
  }
  sharingKernels().forEach(replace);
}

/**
 * Puts tfjs-backend-wasm's copying kernels back (for A/B measurements of the lever); undo with
 * {@link shareWasmBuffers}.
 */
export function restoreWasmCopyingKernels(): void {
  for (const kernel of copying.values()) replace(kernel);
  copying.clear();
}
