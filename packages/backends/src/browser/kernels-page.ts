/**
 * The page the Chromium test bundles: starts the wasm backend through initBackend, runs each of
 * metatune's wasm kernels next to the cpu backend, and leaves the results on `window.result`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../init';
import { simdKernelsFor } from '../wasm-simd-module';

/** Deterministic values in [-1, 1). */
function values(shape: number[], seed: number): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 1073741824 - 1;
  }
  return out;
}

/** Each check: a computation from fixed inputs, run on both backends. */
const checks: Record<string, () => tf.Tensor> = {
  batchMatMul: () => tf.matMul(tf.tensor(values([25, 10, 40], 1), [25, 10, 40]), tf.tensor(values([25, 40, 40], 2), [25, 40, 40]), false, true),
  sumLeadingAxes: () => tf.sum(tf.tensor(values([6, 7, 7, 8], 3), [6, 7, 7, 8]), [0, 1, 2]),
  convInputGradient: () =>
    tf.engine().runKernel(
      tf.Conv2DBackpropInput,
      { dy: tf.tensor(values([4, 9, 9, 6], 4), [4, 9, 9, 6]), filter: tf.tensor(values([3, 3, 5, 6], 5), [3, 3, 5, 6]) },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [4, 9, 9, 5] } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor,
  convFilterGradient: () =>
    tf.engine().runKernel(
      tf.Conv2DBackpropFilter,
      { x: tf.tensor(values([4, 9, 9, 5], 6), [4, 9, 9, 5]), dy: tf.tensor(values([4, 5, 5, 6], 7), [4, 5, 5, 6]) },
      { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 5, 6] } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor,
};

async function run(backend: string): Promise<Record<string, Float32Array>> {
  await tf.setBackend(backend);
  const out: Record<string, Float32Array> = {};
  for (const [name, make] of Object.entries(checks)) {
    const t = tf.tidy(make);
    out[name] = (await t.data()) as Float32Array;
    t.dispose();
  }
  return out;
}

async function main() {
  await initBackend('wasm', { wasmPaths: '/wasm/' });
  const simd = simdKernelsFor(tf.backend() as never) !== null;
  const wasm = await run('wasm');
  const cpu = await run('cpu');
  const maxAbsDifference: Record<string, number> = {};
  for (const name of Object.keys(checks)) {
    let worst = 0;
    for (let i = 0; i < cpu[name]!.length; i++) worst = Math.max(worst, Math.abs(cpu[name]![i]! - wasm[name]![i]!));
    maxAbsDifference[name] = worst;
  }
  return { simd, maxAbsDifference };
}

const page = window as unknown as { result?: unknown };
main().then(
  (result) => (page.result = result),
  (error: unknown) => (page.result = { error: String(error) }),
);
