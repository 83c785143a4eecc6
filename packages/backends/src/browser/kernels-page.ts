/**
 * The page the Chromium test bundles: starts the wasm backend through initBackend, runs each of
 * metatune's wasm kernels next to the cpu backend, and leaves the results on `window.result`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../init';
import { computeOn, deterministicTensor, maxAbsDifference } from '../testing/compare';
import { simdKernelsFor } from '../wasm-simd-module';

/** Each check: a computation from fixed inputs, run on both backends. */
const checks: Record<string, () => tf.Tensor> = {
  batchMatMul: () => tf.matMul(deterministicTensor([25, 10, 40], 1), deterministicTensor([25, 40, 40], 2), false, true),
  sumLeadingAxes: () => tf.sum(deterministicTensor([6, 7, 7, 8], 3), [0, 1, 2]),
  convInputGradient: () =>
    tf.engine().runKernel(
      tf.Conv2DBackpropInput,
      { dy: deterministicTensor([4, 9, 9, 6], 4), filter: deterministicTensor([3, 3, 5, 6], 5) },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [4, 9, 9, 5] } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor,
  convFilterGradient: () =>
    tf.engine().runKernel(
      tf.Conv2DBackpropFilter,
      { x: deterministicTensor([4, 9, 9, 5], 6), dy: deterministicTensor([4, 5, 5, 6], 7) },
      { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 5, 6] } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor,
};

async function run(backend: string): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [name, make] of Object.entries(checks)) out[name] = (await computeOn(backend, make)).data;
  return out;
}

async function main() {
  await initBackend('wasm', { wasmPaths: '/wasm/' });
  const simd = simdKernelsFor(tf.backend() as never) !== null;
  const wasm = await run('wasm');
  const cpu = await run('cpu');
  const differences: Record<string, number> = {};
  for (const name of Object.keys(checks)) {
    differences[name] = maxAbsDifference(cpu[name]!, wasm[name]!);
  }
  return { simd, maxAbsDifference: differences };
}

const page = window as unknown as { result?: unknown };
main().then(
  (result) => (page.result = result),
  (error: unknown) => (page.result = { error: String(error) }),
);
