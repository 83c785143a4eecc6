import * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernelOverride } from './wasm-kernel-override';
import { type WasmModuleHolder, simdKernelsFor } from './wasm-simd-module';

/*
 * Why: tfjs-backend-wasm sums over any axes that are not the innermost by first transposing them
 * to the end. Batch-norm statistics and bias gradients of a conv net sum a [20,28,28,32]
 * activation over its first three axes; the transpose costs more than the sum, and such sums were
 * about 15% of a conv4 MAML step. When the summed axes form one contiguous block, the sum is a
 * strided column sum over a [outer, reduce, inner] view, which kernels/simd-kernels.wat does in
 * place with 128-bit SIMD.
 */

/** The parts of tfjs-backend-wasm's backend object the kernel reads. */
interface WasmBackendInternals extends WasmModuleHolder {
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function sum(args: KernelArgs, stock: tf.KernelConfig): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const backend = args.backend as unknown as WasmBackendInternals;
  const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((a, b) => a - b);
  const rank = x.shape.length;
  const first = axes[0] ?? 0;
  const last = axes.at(-1) ?? -1;
  const contiguous = axes.length > 0 && last - first + 1 === axes.length;
  // Innermost axes need no transpose (tfjs's kernel is fine); an empty tensor has nothing to sum.
  const kernels = contiguous && last < rank - 1 && x.dtype === 'float32' && tf.util.sizeFromShape(x.shape) > 0 ? simdKernelsFor(backend) : null;
  if (kernels === null) return stock.kernelFunc(args) as tf.TensorInfo;

  const outer = tf.util.sizeFromShape(x.shape.slice(0, first));
  const reduce = tf.util.sizeFromShape(x.shape.slice(first, last + 1));
  const inner = tf.util.sizeFromShape(x.shape.slice(last + 1));
  const outShape = keepDims ? x.shape.map((d, i) => (i >= first && i <= last ? 1 : d)) : x.shape.filter((_, i) => i < first || i > last);
  const out = backend.makeOutput(outShape, 'float32');
  // Offsets are read after makeOutput, which may grow the memory.
  kernels.sumMiddle(backend.dataIdMap.get(x.dataId)!.memoryOffset, backend.dataIdMap.get(out.dataId)!.memoryOffset, outer, reduce, inner);
  return out;
}

const override = wasmKernelOverride(tf.Sum, sum);

/**
 * Makes the wasm backend's float32 `Sum` over a contiguous block of axes that are not the
 * innermost (a batch-norm statistic, a bias gradient) a SIMD column sum in place instead of a
 * transpose and a sum (idempotent); same results up to float32 rounding. Other sums keep tfjs's
 * kernel. `initBackend('wasm' | 'auto')` calls it; call it yourself if you start the backend with
 * `tf.setBackend('wasm')`.
 */
export function useSimdSum(): void {
  override.install();
}

/** Puts tfjs-backend-wasm's own `Sum` back (for A/B measurements); undo with {@link useSimdSum}. */
export function restoreWasmSum(): void {
  override.restore();
}
