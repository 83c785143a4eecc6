/**
 * Per-op dispatch overhead and matmul throughput of the cpu and wasm backends.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/core/dispatch.bench.ts [--full] [--runs=N] [--backends=cpu,wasm]
 *
 * Dispatch: the time per op of a chain of tiny ops (1-element add, 1x1 matMul), where the
 * arithmetic is nothing and the cost is tfjs' engine bookkeeping and the backend call.
 * Matmul: 2·n³ flops per square n×n product, GFLOP/s from the median time.
 */
import { initBackend, type BackendName } from '@metatune/backends';
import { tf } from '@metatune/core';
import { environmentInfo, intFlag, listFlag, measure, parseFlags, printResult, round, roundSummary, summarize } from '../lib';

const flags = parseFlags();
const runs = intFlag(flags, 'runs', flags.full ? 15 : 7);
const backends = listFlag(flags, 'backends', ['cpu', 'wasm']) as BackendName[];
const sizes = flags.full ? [32, 64, 128, 256, 512, 1024] : [32, 64, 128, 256, 512];
const CHAIN = 1000;

/** Microseconds per op of a chain of `CHAIN` dependent ops, read back once at the end. */
async function dispatch(op: (x: tf.Tensor) => tf.Tensor, init: tf.Tensor) {
  const m = await measure(
    () => {
      const out = tf.tidy(() => {
        let x = init;
        for (let i = 0; i < CHAIN; i++) x = op(x);
        return x;
      });
      out.dataSync();
      out.dispose();
    },
    { warmup: 2, runs },
  );
  return { ...roundSummary(summarize(m.samples.map((ms) => (ms * 1000) / CHAIN))), unit: 'µs/op' };
}

async function matmul(n: number) {
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const m = await measure(
    () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    },
    { warmup: 2, runs: n >= 512 ? Math.max(3, Math.ceil(runs / 2)) : runs },
  );
  a.dispose();
  b.dispose();
  const flops = 2 * n ** 3;
  return { n, ms: roundSummary(m), gflops: round(flops / (m.median * 1e-3) / 1e9, 3), gflopsP10P90: [round(flops / (m.p90 * 1e-3) / 1e9, 3), round(flops / (m.p10 * 1e-3) / 1e9, 3)] };
}

const results: Record<string, unknown> = {};
for (const name of backends) {
  await initBackend(name);
  const one = tf.scalar(1);
  const oneByOne = tf.tensor2d([[1]]);
  const add = await dispatch((x) => tf.add(x, one), one);
  const mm = await dispatch((x) => tf.matMul(x, oneByOne), oneByOne);
  const matmuls = [];
  for (const n of sizes) matmuls.push(await matmul(n));
  one.dispose();
  oneByOne.dispose();
  results[name] = { dispatch: { add1: add, matMul1x1: mm }, matmul: matmuls, numTensorsAfter: tf.memory().numTensors };
}
const ratio = (a: unknown, b: unknown) => round((a as number) / (b as number), 3);
const get = (b: string) => results[b] as { dispatch: { add1: { median: number } }; matmul: { n: number; gflops: number }[] } | undefined;
const cpu = get('cpu');
const wasm = get('wasm');

printResult({
  bench: 'core/dispatch',
  environment: environmentInfo({ tfjs: tf.version_core }),
  settings: { runs, chain: CHAIN, sizes, backends },
  results: {
    ...results,
    ...(cpu && wasm
      ? {
          wasmOverCpu: {
            dispatchAdd1: ratio(wasm.dispatch.add1.median, cpu.dispatch.add1.median),
            matmulGflops: Object.fromEntries(sizes.map((n, i) => [n, ratio(wasm.matmul[i].gflops, cpu.matmul[i].gflops)])),
          },
        }
      : {}),
  },
  notes: ['medians over runs; the machine is shared, so compare ratios measured in one run rather than absolute times'],
});
