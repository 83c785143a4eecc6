/**
 * Benchmark: one forward + backward pass of the MAML sine model (MLP 1-40-40-1, ReLU, K=10
 * points per task) over T tasks, run (a) as one graph with a leading task axis (core's
 * nn.batchParams + batched matmuls) and (b) as a loop over tasks, measured in the same run. Also
 * counts the kernels each way (the batched count does not depend on T).
 *
 *   (cd packages/core && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/model/task-batching.bench.ts [--runs 20] [--backend wasm|cpu] [--tasks 1,5,25]
 *
 * Prints one JSON object: medians in milliseconds, kernel counts and loop/batched ratios.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type Params, leaves, losses, makeKey, mapParams, nn, tf } from '@metatune/core';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const runs = Number(option('runs', '20'));
const backend = option('backend', 'wasm');
const taskCounts = option('tasks', '1,5,25').split(',').map(Number);
const K = 10;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Medians of `a` and `b`, sampled alternately so that load from other processes hits both alike. */
function timePair(a: () => void, b: () => void): [number, number] {
  for (let i = 0; i < 10; i++) {
    a();
    b();
  }
  const samples: [number[], number[]] = [[], []];
  for (let r = 0; r < runs; r++) {
    [a, b].forEach((fn, i) => {
      const t0 = performance.now();
      fn();
      samples[i].push(performance.now() - t0);
    });
  }
  return [+median(samples[0]).toFixed(3), +median(samples[1]).toFixed(3)];
}

/** Gradients of sum(loss) w.r.t. every leaf of `params` (tf.grads over the leaf list). */
function gradients(params: Params, loss: (p: Params) => tf.Scalar): tf.Tensor[] {
  const names = leaves(params).map(([path]) => path);
  return tf.grads((...ts: tf.Tensor[]) => loss(mapParams(params, (_, path) => ts[names.indexOf(path)])))(
    leaves(params).map(([, t]) => t),
  );
}

async function main(): Promise<void> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')), '/'));
  }
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
  await tf.ready();
  const model = nn.mlp([1, 40, 40, 1]);
  const shared = model.init(makeKey(0));
  const results: Record<string, unknown>[] = [];
  for (const T of taskCounts) {
    const x = tf.randomUniform([T, K, 1], -5, 5, 'float32', 1);
    const y = tf.sin(x);
    const batchedParams = nn.batchParams(shared, T);
    const xs = tf.unstack(x);
    const ys = tf.unstack(y);
    const batched = (): void => {
      tf.tidy(() => gradients(batchedParams, (p) => tf.sum(losses.mseBatched(model.apply(p, x), y))))
        .forEach((g) => g.dataSync());
    };
    const loop = (): void => {
      tf.tidy(() => xs.flatMap((xt, t) => gradients(shared, (p) => losses.mse(model.apply(p, xt), ys[t]))))
        .forEach((g) => g.dataSync());
    };
    const kernels = async (fn: () => void): Promise<number> => (await tf.profile(() => tf.tidy(fn))).kernels.length;
    const [batchedMs, loopMs] = timePair(batched, loop);
    results.push({
      tasks: T,
      batchedMs,
      loopMs,
      loopOverBatched: +(loopMs / batchedMs).toFixed(2),
      batchedKernels: await kernels(batched),
      loopKernels: await kernels(loop),
    });
  }
  console.log(
    JSON.stringify({
      bench: 'model/task-batching',
      backend,
      model: 'mlp 1-40-40-1 relu, K=10, forward+backward',
      runs,
      note: 'medians; the machine is shared, so absolute timings are noisy',
      results,
    }),
  );
}

void main();
