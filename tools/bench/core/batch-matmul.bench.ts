/**
 * The SIMD batched-matmul kernel `initBackend('wasm')` installs, against tfjs-backend-wasm's own
 * `BatchMatMul`, on the products of a task-batched MLP 1-40-40-1 (25 tasks x 10 points: forward,
 * and the transposed products of its gradients) and one batch-1 product (left to XNNPACK).
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/core/batch-matmul.bench.ts [--runs=15]
 *
 * Interleaved pairs (stock, metatune) of 50 products each; the ratio is metatune / stock per pair.
 * Each sample starts a few untimed products after the kernel swap: the first products after a
 * swap are slower (V8 re-optimises the engine's call site), which is not the kernels' cost.
 */
import { initBackend, restoreWasmBatchMatMul, useSimdBatchMatMul } from '@metatune/backends';
import { tf } from '@metatune/core';
import { environmentInfo, intFlag, parseFlags, printResult, round, roundSummary, summarize } from '../lib';

const flags = parseFlags();
const runs = intFlag(flags, 'runs', 15);
const PRODUCTS = 50;

/** [shape of a, shape of b, transposeA, transposeB, what it is in the MLP]. */
const cases: Array<[number[], number[], boolean, boolean, string]> = [
  [[25, 10, 40], [25, 40, 40], false, false, 'hidden layer forward'],
  [[25, 10, 40], [25, 40, 40], false, true, 'gradient wrt the layer input'],
  [[25, 10, 40], [25, 10, 40], true, false, 'gradient wrt the weights'],
  [[25, 10, 1], [25, 1, 40], false, false, 'first layer forward'],
  [[25, 10, 40], [25, 40, 1], false, false, 'output layer forward'],
  [[250, 40], [40, 40], false, false, 'batch 1 (XNNPACK either way)'],
];

await initBackend('wasm');
const results = [];
for (const [shapeA, shapeB, transposeA, transposeB, role] of cases) {
  const a = tf.randomUniform(shapeA, -1, 1, 'float32', 1);
  const b = tf.randomUniform(shapeB, -1, 1, 'float32', 2);
  const products = () => {
    for (let i = 0; i < PRODUCTS; i++) tf.matMul(a, b, transposeA, transposeB).dispose();
  };
  const sample = (install: () => void) => {
    install();
    for (let i = 0; i < 5; i++) tf.matMul(a, b, transposeA, transposeB).dispose();
    const start = performance.now();
    products();
    return performance.now() - start;
  };
  const stock: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < runs + 2; r++) {
    stock.push(sample(restoreWasmBatchMatMul));
    ours.push(sample(useSimdBatchMatMul));
  }
  // The first two pairs are warm-up.
  const pair = { a: summarize(stock.slice(2)), b: summarize(ours.slice(2)), ratio: summarize(ours.slice(2).map((v, i) => v / stock[i + 2]!)) };
  const perProduct = (ms: number) => round((ms * 1000) / PRODUCTS, 1);
  const [m, n] = [transposeA ? shapeA.at(-1)! : shapeA.at(-2)!, transposeB ? shapeB.at(-2)! : shapeB.at(-1)!];
  const k = transposeA ? shapeA.at(-2)! : shapeA.at(-1)!;
  const batch = shapeA.length > 2 ? shapeA[0]! : 1;
  results.push({
    role,
    a: shapeA,
    b: shapeB,
    transposeA,
    transposeB,
    stockUsPerProduct: perProduct(pair.a.median),
    metatuneUsPerProduct: perProduct(pair.b.median),
    metatuneGflops: round((2 * batch * m * n * k) / (pair.b.median / PRODUCTS / 1000) / 1e9, 2),
    metatuneOverStock: roundSummary(pair.ratio),
  });
  tf.dispose([a, b]);
}
useSimdBatchMatMul();

printResult({
  bench: 'core/batch-matmul',
  environment: environmentInfo({ tfjs: tf.version_core, backend: 'wasm' }),
  settings: { runs, productsPerSample: PRODUCTS },
  results,
  notes: ['per-product times include tfjs dispatch (about 5-10 µs); ratio < 1 means the SIMD kernel is faster'],
});
