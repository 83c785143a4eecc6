import * as tf from '@tensorflow/tfjs-core';

/** The part of the wasm backend the kernel uses: its reference count per data id. */
interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/**
 * An `Identity` kernel for the wasm backend that shares the input's buffer (one more reference)
 * instead of copying it, as the cpu backend's does and as wasm's own `Reshape` already does.
 *
 * Why: while a gradient is recorded, tfjs saves every op's inputs for the backward pass through
 * `clone`, i.e. an `Identity` kernel; wasm's copies the buffer (allocate, register, memcpy, later
 * free). Second-order MAML records about 120 of them per meta-step. Tensors are immutable (no
 * wasm kernel writes into an input), so sharing is safe, and it removes ~14% of a sinusoid
 * meta-step (tools/bench/maml/sine-speed.bench.ts, interleaved A/B).
 */
const sharingIdentity: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const x = (inputs as tf.IdentityInputs).x as tf.TensorInfo;
    if (x.dtype === 'string') return copyingIdentity!.kernelFunc({ inputs, backend, attrs: {} }) as tf.TensorInfo;
    (backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
};

let copyingIdentity: tf.KernelConfig | undefined;

/**
 * Installs the buffer-sharing `Identity` for wasm (idempotent). `initBackend('wasm' | 'auto')`
 * calls it; call it yourself after `tf.setBackend('wasm')` if you start the backend directly.
 */
export function shareWasmIdentityBuffers(): void {
  const current = tf.getKernel(tf.Identity, 'wasm');
  if (current === undefined || current.kernelFunc === sharingIdentity.kernelFunc) return;
  copyingIdentity = current;
  tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel(sharingIdentity);
}
