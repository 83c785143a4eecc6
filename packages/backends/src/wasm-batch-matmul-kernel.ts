import * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernelOverride } from './wasm-kernel-override';
import { type WasmModuleHolder, simdKernelsFor } from './wasm-simd-module';

/*
 * Why: tfjs-backend-wasm multiplies batches of small matrices (the task-batched MLPs of MAML and
 * Reptile: [25,10,40] x [25,40,40]) with a scalar loop; only batch 1 goes to XNNPACK. That loop
 * was three quarters of a second-order MAML sine meta-step. The SIMD kernels in
 * kernels/simd-kernels.wat run the same products 4-6x faster, reading and writing the backend's
 * own linear memory (they import its WebAssembly.Memory), so nothing is copied. Batch-1 products
 * stay with XNNPACK.
 */

/** The parts of tfjs-backend-wasm's backend object the kernel reads. */
interface WasmBackendInternals extends WasmModuleHolder {
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function batchMatMul(args: KernelArgs, stock: tf.KernelConfig): tf.TensorInfo {
  const a = args.inputs.a as tf.TensorInfo;
  const b = args.inputs.b as tf.TensorInfo;
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const backend = args.backend as unknown as WasmBackendInternals;
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);
  // Broadcasting that is not "one side has a single matrix" keeps tfjs's own rules and kernel.
  const simpleBatch = batchA === batchB || batchA === 1 || batchB === 1;
  const kernels = batch > 1 && simpleBatch && a.dtype === 'float32' && b.dtype === 'float32' ? simdKernelsFor(backend) : null;
  if (kernels === null) return stock.kernelFunc(args) as tf.TensorInfo;

  const rankA = a.shape.length;
  const rankB = b.shape.length;
  const m = transposeA ? a.shape[rankA - 1]! : a.shape[rankA - 2]!;
  const k = transposeA ? a.shape[rankA - 2]! : a.shape[rankA - 1]!;
  const kB = transposeB ? b.shape[rankB - 1]! : b.shape[rankB - 2]!;
  const n = transposeB ? b.shape[rankB - 2]! : b.shape[rankB - 1]!;
  if (k !== kB) {
    throw new Error(`Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`);
  }
  const outerShape = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = backend.makeOutput([...outerShape, m, n], 'float32');
  // Offsets are read after makeOutput, which may grow (and move views of) the memory.
  const aOffset = backend.dataIdMap.get(a.dataId)!.memoryOffset;
  const bOffset = backend.dataIdMap.get(b.dataId)!.memoryOffset;
  const cOffset = backend.dataIdMap.get(out.dataId)!.memoryOffset;

  // Byte strides of A(t, i, p) and B(t, p, j) over the stored (possibly transposed) layouts.
  const F = 4;
  const sab = batchA === 1 ? 0 : m * k * F;
  const sbb = batchB === 1 ? 0 : k * n * F;
  const sai = transposeA ? F : k * F;
  const sap = transposeA ? m * F : F;
  const sbp = transposeB ? F : n * F;
  const sbj = transposeB ? k * F : F;
  if (sbj === F) kernels.bmmColumns(aOffset, bOffset, cOffset, batch, m, n, k, sab, sai, sap, sbb, sbp);
  else if (sap === F && sbp === F) kernels.bmmDots(aOffset, bOffset, cOffset, batch, m, n, k, sab, sai, sbb, sbj);
  else kernels.bmmStrided(aOffset, bOffset, cOffset, batch, m, n, k, sab, sai, sap, sbb, sbp, sbj);
  return out;
}

const override = wasmKernelOverride(tf.BatchMatMul, batchMatMul);

/**
 * Replaces the wasm backend's `BatchMatMul` kernel with SIMD kernels for batches of more than
 * one matrix (idempotent): 4-6x faster on the small batched products of task-batched
 * meta-learning, same results up to float32 rounding. Falls back to tfjs's kernel where the
 * engine has no WebAssembly SIMD. `initBackend('wasm' | 'auto')` calls it; call it yourself if
 * you start the backend with `tf.setBackend('wasm')`.
 */
export function useSimdBatchMatMul(): void {
  override.install();
}

/** Puts tfjs-backend-wasm's own `BatchMatMul` back (for A/B measurements); undo with {@link useSimdBatchMatMul}. */
export function restoreWasmBatchMatMul(): void {
  override.restore();
}
