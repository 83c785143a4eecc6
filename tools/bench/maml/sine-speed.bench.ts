/**
 * Benchmark: one sinusoid MAML meta-iteration (25 tasks, K=10 support + 10 query, one inner SGD
 * step alpha=0.01, Adam 1e-3, MLP 1-40-40-1 ReLU) on the task-batched path, second and first
 * order, against the PyTorch reference (../shared/peers/maml_sine_torch.py) run in the same
 * process tree when python3-torch is installed, plus a per-op profile of one meta-step and the
 * query MSE on the peers' 500 held-out tasks after 0, 1 and 10 steps.
 *
 *   (cd packages/core && npx tsup) && (cd packages/tasks && npx tsup) && (cd packages/maml && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/maml/sine-speed.bench.ts [--iters 1000] [--warmup 100]
 *     [--backend wasm|cpu] [--torch /usr/bin/python3] [--no-torch]
 *
 * Training batches are generated before the timed loop, as in the PyTorch script, so a
 * meta-iteration is pure compute. Prints one JSON object.
 */
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { initBackend, restoreWasmBatchMatMul, restoreWasmCopyingKernels, shareWasmBuffers, useSimdBatchMatMul } from '@metatune/backends';
import { makeKey, nn, tf, type TaskBatch } from '@metatune/core';
import { fomaml, maml, type MamlLearner } from '@metatune/maml';
import { sinusoid, sinusoidTasksFromArrays } from '@metatune/tasks';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const iters = Number(option('iters', '1000'));
const warmup = Number(option('warmup', '100'));
const backend = option('backend', 'wasm');
const python = option('torch', '/usr/bin/python3');
// The reference peers live in shared/ beside the repository checkout.
const peers = option('peers', fileURLToPath(new URL('../../../../shared/peers', import.meta.url)));

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(3);
}

function disposeBatch(b: TaskBatch): void {
  tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y]);
}

/** The peers' fixed held-out tasks (500, seed 20170309) as one batch, or the validation split. */
function evalBatch(): TaskBatch {
  const file = join(peers, 'data/sine_eval_tasks.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { amp: number[]; phase: number[]; x_support?: number[][]; x_query?: number[][]; xSupport?: number[][]; xQuery?: number[][] };
  return sinusoidTasksFromArrays({ amp: json.amp, phase: json.phase, xSupport: (json.x_support ?? json.xSupport)!, xQuery: (json.x_query ?? json.xQuery)! });
}

function run(make: typeof maml, label: string) {
  const learner: MamlLearner = make({ model: nn.mlp([1, 40, 40, 1]), innerSteps: 1, innerLr: 0.01, outerLr: 1e-3, evaluationBatch: 500 });
  const sines = sinusoid({ shots: 10 });
  const batches = Array.from({ length: iters }, (_, i) => sines.sampleBatch(makeKey(1_000_000 + i), 25));
  let state = learner.init(makeKey(0));
  const times: number[] = [];
  // Tensors alive before the loop (state + pre-generated batches); the loop must not add any.
  const tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) {
    const start = performance.now();
    state = learner.metaStep(state, batches[i]).state;
    times.push(performance.now() - start);
  }
  const wall = (performance.now() - t0) / 1000;
  const leaked = tf.memory().numTensors - tensorsBefore;
  batches.forEach(disposeBatch);
  // Per-op profile of one more meta-step.
  const profileBatch = sines.sampleBatch(makeKey(42), 25);
  const profile = {} as Record<string, { count: number; ms: number }>;
  let kernels = 0;
  return (async () => {
    const info = await tf.profile(() => {
      state = learner.metaStep(state, profileBatch).state;
    });
    for (const k of info.kernels) {
      const entry = (profile[k.name] ??= { count: 0, ms: 0 });
      entry.count += 1;
      entry.ms += Number(await k.kernelTimeMs) || 0;
      kernels += 1;
    }
    disposeBatch(profileBatch);
    const evaluation = evalBatch();
    const distribution = { ...sines, sampleBatch: () => evaluation, withSplit: () => distribution } as unknown as Parameters<MamlLearner['evaluate']>[1];
    const result = learner.evaluate(state, distribution, { tasks: evaluation.size, steps: [0, 1, 10], key: makeKey(0) });
    const top = Object.entries(profile)
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 12)
      .map(([name, v]) => ({ name, count: v.count, ms: +v.ms.toFixed(3) }));
    learner.disposeState(state);
    const timed = times.slice(warmup);
    return {
      label,
      metaIterMs: { median: quantile(timed, 0.5), p10: quantile(timed, 0.1), p90: quantile(timed, 0.9) },
      trainWallS: +wall.toFixed(2),
      leakedTensors: leaked,
      kernelsPerMetaStep: kernels,
      profileTop: top,
      mse: Object.fromEntries(Object.entries(result.loss).map(([k, e]) => [k, { mean: +e.mean.toFixed(3), ci95: +e.ci95.toFixed(3) }])),
    };
  })();
}

/**
 * One of metatune's wasm kernel levers, measured: second-order meta-steps with tfjs-backend-wasm's
 * own kernel (`restore`) against metatune's (`install`), in interleaved chunks of 10 steps
 * (per-chunk ratio; steadier than two separate runs on a shared machine).
 */
function kernelLever(pairs: number, restore: () => void, install: () => void) {
  if (tf.getBackend() !== 'wasm') return null;
  const learner = maml({ model: nn.mlp([1, 40, 40, 1]), innerSteps: 1, innerLr: 0.01, outerLr: 1e-3 });
  const batches = Array.from({ length: 10 }, (_, i) => sinusoid({ shots: 10 }).sampleBatch(makeKey(77 + i), 25));
  let state = learner.init(makeKey(0));
  const chunk = () => {
    const start = performance.now();
    for (const b of batches) state = learner.metaStep(state, b).state;
    return (performance.now() - start) / batches.length;
  };
  chunk(); // warm-up
  const stock: number[] = [];
  const ours: number[] = [];
  const ratios: number[] = [];
  try {
    for (let i = 0; i < pairs; i++) {
      restore();
      stock.push(chunk());
      install();
      ours.push(chunk());
      ratios.push(ours[i] / stock[i]);
    }
  } finally {
    install();
    learner.disposeState(state);
    batches.forEach(disposeBatch);
  }
  return { stockMs: quantile(stock, 0.5), metatuneMs: quantile(ours, 0.5), metatuneOverStock: { median: quantile(ratios, 0.5), p10: quantile(ratios, 0.1), p90: quantile(ratios, 0.9) } };
}

function torch(args: string[]): unknown {
  if (process.argv.includes('--no-torch') || !existsSync(python)) return null;
  try {
    const out = execFileSync(python, [join(peers, 'maml_sine_torch.py'), '--iters', String(iters), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 600_000 });
    const line = out.trim().split('\n').pop()!;
    const r = JSON.parse(line) as Record<string, unknown>;
    return r;
  } catch (error) {
    return { error: String(error).slice(0, 200) };
  }
}

async function main() {
  // initBackend installs metatune's wasm kernels (SIMD batched matmul, buffer-sharing Identity and Cast).
  await initBackend(backend as 'wasm' | 'cpu');
  const second = await run(maml, 'maml (second order, batched)');
  const first = await run(fomaml, 'fomaml (batched)');
  const pairs = Number(option('lever-pairs', '30'));
  const sharing = kernelLever(pairs, restoreWasmCopyingKernels, shareWasmBuffers);
  const simdMatMul = kernelLever(pairs, restoreWasmBatchMatMul, useSimdBatchMatMul);
  const torchLoop = torch(['--batched', 'none']);
  const torchBmm = torch(['--batched', 'bmm']);
  const torchFoLoop = torch(['--batched', 'none', '--first-order']);
  const torchFoBmm = torch(['--batched', 'bmm', '--first-order']);
  const pick = (r: unknown) => (r && typeof r === 'object' && 'meta_iter_ms' in r ? (r as { meta_iter_ms: { median: number } }).meta_iter_ms.median : null);
  const ratio = (a: number | null, b: number) => (a === null ? null : +(a / b).toFixed(2));
  console.log(
    JSON.stringify({
      bench: 'maml/sine-speed',
      backend,
      iters,
      warmup,
      note: 'timings taken on a shared 2-core machine while other engineers ran builds and tests: noisy',
      metatune: [second, first],
      levers: { bufferSharing: sharing, simdBatchMatMul: simdMatMul },
      torch: { loop: torchLoop, bmm: torchBmm, firstOrderLoop: torchFoLoop, firstOrderBmm: torchFoBmm },
      speedupVsTorchLoop: { secondOrder: ratio(pick(torchLoop), second.metaIterMs.median), firstOrder: ratio(pick(torchFoLoop), first.metaIterMs.median) },
      speedupVsTorchBmm: { secondOrder: ratio(pick(torchBmm), second.metaIterMs.median), firstOrder: ratio(pick(torchFoBmm), first.metaIterMs.median) },
    }),
  );
}

await main();
