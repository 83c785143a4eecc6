/**
 * The kernels `initBackend('wasm')` installs, each against tfjs-backend-wasm's own:
 * - `BatchMatMul` (SIMD kernels for batches > 1) on the products of a task-batched MLP 1-40-40-1
 *   (25 tasks x 10 points: forward, and the transposed products of its gradients), and one
 *   batch-1 product (left to XNNPACK);
 * - `Conv2DBackpropInput` (a convolution on XNNPACK for stride 1) on conv4's input gradients
 *   (20 images, 32 filters, 3x3 'same'), and a tiny-dy geometry that keeps tfjs's kernel.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/core/wasm-kernels.bench.ts [--runs=15]
 *
 * Interleaved pairs (stock, metatune); the ratio is metatune / stock per pair. Each sample starts
 * with a few untimed calls after the kernel swap: the first calls after a swap are slower (V8
 * re-optimises the engine's call site), which is not the kernels' cost.
 */
import { initBackend, restoreWasmBatchMatMul, restoreWasmConvInputGrad, useConvInputGradByConv, useSimdBatchMatMul } from '@metatune/backends';
import { tf } from '@metatune/core';
import { environmentInfo, intFlag, parseFlags, printResult, round, roundSummary, summarize } from '../lib';

const flags = parseFlags();
const runs = intFlag(flags, 'runs', 15);

interface Case {
  kernel: string;
  role: string;
  /** Multiply-adds of one call (the useful ones). */
  macs: number;
  /** Calls per timed sample. */
  calls: number;
  make: () => { call: () => tf.Tensor; inputs: tf.Tensor[] };
}

const matmulCase = (a: number[], b: number[], transposeA: boolean, transposeB: boolean, role: string): Case => {
  const m = transposeA ? a.at(-1)! : a.at(-2)!;
  const k = transposeA ? a.at(-2)! : a.at(-1)!;
  const n = transposeB ? b.at(-2)! : b.at(-1)!;
  const batch = a.length > 2 ? a[0]! : 1;
  return {
    kernel: 'BatchMatMul',
    role: `${role}: ${JSON.stringify(a)}${transposeA ? 'T' : ''} x ${JSON.stringify(b)}${transposeB ? 'T' : ''}`,
    macs: batch * m * n * k,
    calls: 50,
    make: () => {
      const x = tf.randomUniform(a, -1, 1, 'float32', 1);
      const y = tf.randomUniform(b, -1, 1, 'float32', 2);
      return { call: () => tf.matMul(x, y, transposeA, transposeB), inputs: [x, y] };
    },
  };
};

const convInputGradCase = (input: [number, number, number, number], filter: [number, number, number, number], pad: 'same' | 'valid', role: string): Case => {
  const info = tf.backend_util.computeConv2DInfo(input, filter, 1, 1, pad);
  return {
    kernel: 'Conv2DBackpropInput',
    role: `${role}: x ${JSON.stringify(input)}, filter ${JSON.stringify(filter)}, ${pad}`,
    macs: info.outShape.reduce((p, v) => p * v, 1) * filter[0] * filter[1] * filter[2],
    calls: 10,
    make: () => {
      const dy = tf.randomUniform(info.outShape, -1, 1, 'float32', 3);
      const w = tf.randomUniform(filter, -1, 1, 'float32', 4);
      const call = () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, { strides: 1, pad, dataFormat: 'NHWC', inputShape: input } as unknown as tf.NamedAttrMap) as tf.Tensor;
      return { call, inputs: [dy, w] };
    },
  };
};

const cases: Case[] = [
  matmulCase([25, 10, 40], [25, 40, 40], false, false, 'hidden layer forward'),
  matmulCase([25, 10, 40], [25, 40, 40], false, true, 'gradient wrt the layer input'),
  matmulCase([25, 10, 40], [25, 10, 40], true, false, 'gradient wrt the weights'),
  matmulCase([25, 10, 1], [25, 1, 40], false, false, 'first layer forward'),
  matmulCase([25, 10, 40], [25, 40, 1], false, false, 'output layer forward'),
  matmulCase([250, 40], [40, 40], false, false, 'batch 1 (XNNPACK either way)'),
  convInputGradCase([20, 14, 14, 32], [3, 3, 32, 32], 'same', 'conv4 block 2'),
  convInputGradCase([20, 7, 7, 32], [3, 3, 32, 32], 'same', 'conv4 block 3'),
  convInputGradCase([20, 3, 3, 32], [3, 3, 32, 32], 'same', 'conv4 block 4'),
  convInputGradCase([32, 16, 16, 20], [14, 14, 20, 32], 'valid', 'tiny dy (tfjs kernel either way)'),
];

const swaps: Record<string, { stock: () => void; metatune: () => void }> = {
  BatchMatMul: { stock: restoreWasmBatchMatMul, metatune: useSimdBatchMatMul },
  Conv2DBackpropInput: { stock: restoreWasmConvInputGrad, metatune: useConvInputGradByConv },
};

await initBackend('wasm');
const results = [];
for (const c of cases) {
  const { call, inputs } = c.make();
  const sample = (install: () => void) => {
    install();
    for (let i = 0; i < 3; i++) call().dispose();
    const start = performance.now();
    for (let i = 0; i < c.calls; i++) call().dispose();
    return (performance.now() - start) / c.calls;
  };
  const stock: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < runs + 2; r++) {
    stock.push(sample(swaps[c.kernel]!.stock));
    ours.push(sample(swaps[c.kernel]!.metatune));
  }
  // The first two pairs are warm-up.
  const [a, b] = [stock.slice(2), ours.slice(2)];
  const stockMs = summarize(a).median;
  const oursMs = summarize(b).median;
  results.push({
    kernel: c.kernel,
    role: c.role,
    stockUs: round(stockMs * 1000, 3),
    metatuneUs: round(oursMs * 1000, 3),
    stockGflops: round((2 * c.macs) / (stockMs / 1000) / 1e9, 3),
    metatuneGflops: round((2 * c.macs) / (oursMs / 1000) / 1e9, 3),
    metatuneOverStock: roundSummary(summarize(b.map((v, i) => v / a[i]!))),
  });
  tf.dispose(inputs);
}
useSimdBatchMatMul();
useConvInputGradByConv();

printResult({
  bench: 'core/wasm-kernels',
  environment: environmentInfo({ tfjs: tf.version_core, backend: 'wasm' }),
  settings: { runs },
  results,
  notes: ['times per call include tfjs dispatch (about 5-10 µs); ratio < 1 means metatune\'s kernel is faster'],
});
