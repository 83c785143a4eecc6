import * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernelOverride } from './wasm-kernel-override';

/*
 * Why: tfjs-backend-wasm computes Conv2DBackpropInput (the input gradient of a convolution) with
 * a scalar loop, while its Conv2D runs on XNNPACK. In a conv4 MAML step on Omniglot the input
 * gradients took half the time (14.7 ms per call against 1.9 ms for a forward conv). For stride 1
 * the input gradient is itself a stride-1 convolution: of dy, padded by (kernel - 1 - forward
 * padding) on each side, with the filter flipped in both spatial axes and its channel axes
 * swapped. This kernel builds that filter in the heap and runs the backend's own Conv2D.
 *
 * That convolution also multiplies the zeros of the padding. When dy is much smaller than x (the
 * input gradient of a filter gradient computed as a convolution: a 3x3 dy under a 14x14 "filter"),
 * nearly all of its work is on zeros and the scalar loop, which skips them, is faster.
 */

/**
 * The convolution route runs at about 15-20x the scalar loop's multiply-adds per second (XNNPACK
 * against a plain loop, measured on conv4's shapes); it does (input area / dy area) times the
 * useful work. Taken while that factor is under this bound.
 */
const MAX_PADDING_OVERHEAD = 8;

/** The parts of tfjs-backend-wasm's backend object the kernel uses. */
interface WasmBackendInternals {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): boolean;
}

/** `filter` [kh, kw, in, out] flipped in both spatial axes, as [kh, kw, out, in], in a new buffer. */
function flippedFilter(filter: tf.TensorInfo, backend: WasmBackendInternals): tf.TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([kh, kw, co, ci], 'float32');
  // Views are taken after makeOutput, which may grow the memory and detach older views.
  const src = backend.typedArrayFromHeap(filter);
  const dst = backend.typedArrayFromHeap(out);
  for (let u = 0; u < kh; u++) {
    for (let v = 0; v < kw; v++) {
      const from = ((kh - 1 - u) * kw + (kw - 1 - v)) * ci * co;
      const to = (u * kw + v) * co * ci;
      for (let c = 0; c < ci; c++) {
        for (let o = 0; o < co; o++) dst[to + o * ci + c] = src[from + c * co + o]!;
      }
    }
  }
  return out;
}

function conv2dBackpropInput(args: KernelArgs, stock: tf.KernelConfig): tf.TensorInfo {
  const dy = args.inputs.dy as tf.TensorInfo;
  const filter = args.inputs.filter as tf.TensorInfo;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const backend = args.backend as unknown as WasmBackendInternals;
  if (attrs.dataFormat !== 'NHWC' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return stock.kernelFunc(args) as tf.TensorInfo;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { top, bottom, left, right } = info.padInfo;
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  const pads = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right];
  const overhead = (info.inHeight * info.inWidth) / (info.outHeight * info.outWidth);
  const direct = info.strideHeight === 1 && info.strideWidth === 1 && pads.every((p) => p >= 0) && overhead <= MAX_PADDING_OVERHEAD;
  if (!direct) return stock.kernelFunc(args) as tf.TensorInfo;

  const flipped = flippedFilter(filter, backend);
  try {
    return tf.getKernel(tf.Conv2D, 'wasm')!.kernelFunc({
      inputs: { x: dy, filter: flipped },
      backend: args.backend,
      attrs: { strides: 1, dilations: 1, dataFormat: 'NHWC', pad: [[0, 0], [pads[0]!, pads[1]!], [pads[2]!, pads[3]!], [0, 0]] } as unknown as tf.NamedAttrMap,
    }) as tf.TensorInfo;
  } finally {
    backend.disposeData(flipped.dataId);
  }
}

const override = wasmKernelOverride(tf.Conv2DBackpropInput, conv2dBackpropInput);

/**
 * Makes the wasm backend compute stride-1 `Conv2DBackpropInput` (the input gradient of a
 * convolution) as a convolution on XNNPACK instead of tfjs-backend-wasm's scalar loop
 * (idempotent): about 10x faster on conv4's 3x3 'same' convolutions, same results up to float32
 * rounding. Other strides, and geometries where dy is much smaller than the input, keep tfjs's
 * kernel. `initBackend('wasm' | 'auto')` calls it; call it
 * yourself if you start the backend with `tf.setBackend('wasm')`.
 */
export function useConvInputGradByConv(): void {
  override.install();
}

/** Puts tfjs-backend-wasm's own `Conv2DBackpropInput` back (for A/B measurements); undo with {@link useConvInputGradByConv}. */
export function restoreWasmConvInputGrad(): void {
  override.restore();
}
