import * as tf from '@tensorflow/tfjs-core';

/*
 * Why: tfjs-backend-wasm has no Conv2DBackpropFilter kernel (the filter gradient of a
 * convolution). Without one, @metatune/core writes the filter gradient as ops (a convolution of
 * the transposed input with the transposed output gradient), and the second derivative through
 * those ops contains input gradients of a convolution whose "filter" is an image (a 14x14 filter
 * under a 3x3 output), which only tfjs's scalar loop computes: a quarter of a second-order conv4
 * MAML step. With a kernel, core differentiates Conv2DBackpropFilter with the three convolution
 * maps of the original geometry instead.
 *
 * The kernel computes the same thing as core's op version, with the backend's own kernels:
 *   dW[u, v, c, o] = sum_{b, i, j} xpad[b, u + i*sh, v + j*sw, c] * dy[b, i, j, o]
 * is a stride-1 convolution, dilated by the strides, of x transposed to [c, H, W, b] (padded
 * by the forward padding) with dy transposed to [i, j, b, o] as the filter; XNNPACK runs it.
 */

/** The parts of tfjs-backend-wasm's backend object the kernel uses. */
interface WasmBackendInternals {
  disposeData(dataId: tf.DataId): boolean;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

let installed = false;

function run(name: string, inputs: tf.NamedTensorInfoMap, attrs: object, backend: KernelArgs['backend']): tf.TensorInfo {
  return tf.getKernel(name, 'wasm')!.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}

function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  const dy = args.inputs.dy as tf.TensorInfo;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat !== 'NHWC') throw new Error(`wasm Conv2DBackpropFilter supports NHWC only, got dataFormat ${attrs.dataFormat}`);
  const backend = args.backend as unknown as WasmBackendInternals;
  const [kh, kw, ci, co] = attrs.filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { top, bottom, left, right } = info.padInfo;
  const temporaries: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo) => (temporaries.push(t), t);
  try {
    const xt = keep(run(tf.Transpose, { x }, { perm: [3, 1, 2, 0] }, args.backend));
    const dyt = keep(run(tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] }, args.backend));
    // [ci, H + pads - (oh - 1) sh, W + pads - (ow - 1) sw, co]: at least the filter's size; the
    // rows and columns beyond it are positions the forward convolution never reached.
    let r = keep(
      run(
        tf.Conv2D,
        { x: xt, filter: dyt },
        { strides: 1, dilations: [info.strideHeight, info.strideWidth], dataFormat: 'NHWC', pad: [[0, 0], [top, bottom], [left, right], [0, 0]] },
        args.backend,
      ),
    );
    if (r.shape[1] !== kh || r.shape[2] !== kw) r = keep(run(tf.Slice, { x: r }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] }, args.backend));
    return run(tf.Transpose, { x: r }, { perm: [1, 2, 0, 3] }, args.backend);
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

/**
 * Gives the wasm backend a `Conv2DBackpropFilter` kernel (idempotent), built from its own
 * Transpose and Conv2D (XNNPACK). With it, @metatune/core differentiates convolution filter
 * gradients with the convolution maps of the original geometry: a second-order conv4 MAML step
 * on Omniglot is about a third faster. `initBackend('wasm' | 'auto')` calls it; call it yourself
 * if you start the backend with `tf.setBackend('wasm')`.
 */
export function useWasmConvFilterGrad(): void {
  if (installed || tf.getKernel(tf.Conv2D, 'wasm') === undefined) return;
  // A later tfjs-backend-wasm may bring its own; keep that one.
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc });
  installed = true;
}

/** Removes the kernel again (for A/B measurements: core then uses its op version); undo with {@link useWasmConvFilterGrad}. */
export function removeWasmConvFilterGrad(): void {
  if (!installed) return;
  tf.unregisterKernel(tf.Conv2DBackpropFilter, 'wasm');
  installed = false;
}
