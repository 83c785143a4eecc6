/**
 * Benchmark: milliseconds per Reptile outer step on sinusoids, against the PyTorch reference
 * (../shared/peers/maml_sine_torch.py, modes `--reptile brief` and `--reptile gist`) run in the
 * same process tree when python3-torch is installed. Same network as the reference (MLP
 * 1-40-40-1 ReLU) and the reference's two settings:
 * - brief: 5 tasks x 5 inner SGD steps (lr 0.01) on the same 10 points, constant epsilon 0.1;
 *   metatune task-batched (one graph per inner step) and per-task; torch per-task loop and bmm;
 * - gist: 1 task, 5 inner SGD steps (lr 0.02) over 50 points in minibatches of 10, epsilon 0.1
 *   annealed linearly to 0 (the OpenAI sine demo).
 * Plus the kernels of one outer step by name (what dominates) and the tensors leaked by the loop.
 *
 *   (cd packages/core && npx tsup) && (cd packages/tasks && npx tsup) && (cd packages/reptile && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/reptile/sine-speed.bench.ts [--iters=1000] [--warmup=100]
 *     [--backend=wasm|cpu] [--python=/usr/bin/python3] [--no-torch] [--full]
 *
 * Training batches are generated before the timed loop, as in the PyTorch script, so an outer
 * step is pure compute. Prints one JSON object.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@tensorflow/tfjs-backend-cpu';
import { initBackend } from '@metatune/backends';
import { makeKey, nn, tf, type TaskBatch } from '@metatune/core';
import { reptile, type ReptileOptions } from '@metatune/reptile';
import { sinusoid } from '@metatune/tasks';
import { environmentInfo, intFlag, parseFlags, printResult, quantile } from '../lib';

const flags = parseFlags();
const iters = intFlag(flags, 'iters', flags.full ? 3000 : 1000);
const warmup = intFlag(flags, 'warmup', 100);
const backend = flags.values.backend ?? 'wasm';
const python = flags.values.python ?? '/usr/bin/python3';
// The reference peers live in shared/ beside the repository checkout.
const peers = flags.values.peers ?? fileURLToPath(new URL('../../../../shared/peers', import.meta.url));

function disposeBatch(b: TaskBatch): void {
  tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y]);
}

interface Setting {
  readonly label: string;
  readonly tasks: number;
  readonly shots: number;
  readonly options: Omit<ReptileOptions, 'model'>;
}

const BRIEF = { innerSteps: 5, innerLr: 0.01, outerStepSize: 0.1 } as const;
const SETTINGS: Setting[] = [
  { label: 'brief: 5 tasks x 5 steps, task-batched', tasks: 5, shots: 10, options: { ...BRIEF, execution: 'batched' } },
  { label: 'brief: 5 tasks x 5 steps, per-task loop', tasks: 5, shots: 10, options: { ...BRIEF, execution: 'per-task' } },
  { label: 'gist: 1 task x 5 steps of 10 of 50 points, annealed', tasks: 1, shots: 50, options: { innerSteps: 5, innerLr: 0.02, innerBatch: 10, outerStepSize: 0.1, annealSteps: iters } },
];

async function run(setting: Setting) {
  const learner = reptile({ model: nn.mlp([1, 40, 40, 1]), ...setting.options });
  const sines = sinusoid({ shots: setting.shots, queryShots: 1 });
  const batches = Array.from({ length: iters }, (_, i) => sines.sampleBatch(makeKey(1_000_000 + i), setting.tasks));
  let state = learner.init(makeKey(0));
  const times: number[] = [];
  // Tensors alive before the loop (state + pre-generated batches); the loop must not add any.
  const tensorsBefore = tf.memory().numTensors;
  for (let i = 0; i < iters; i++) {
    const start = performance.now();
    state = learner.metaStep(state, batches[i]).state;
    times.push(performance.now() - start);
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  batches.forEach(disposeBatch);
  // Kernels of one more outer step, by name.
  const probe = sines.sampleBatch(makeKey(42), setting.tasks);
  const info = await tf.profile(() => {
    state = learner.metaStep(state, probe).state;
  });
  disposeBatch(probe);
  learner.disposeState(state);
  const byName: Record<string, { count: number; ms: number }> = {};
  for (const k of info.kernels) {
    const entry = (byName[k.name] ??= { count: 0, ms: 0 });
    entry.count += 1;
    entry.ms += Number(await k.kernelTimeMs) || 0;
  }
  const timed = times.slice(warmup);
  const r = (v: number) => +v.toFixed(3);
  return {
    label: setting.label,
    outerStepMs: { median: r(quantile(timed, 0.5)), p10: r(quantile(timed, 0.1)), p90: r(quantile(timed, 0.9)) },
    leakedTensors: leaked,
    kernelsPerOuterStep: info.kernels.length,
    kernels: Object.entries(byName)
      .sort((a, b) => b[1].count - a[1].count)
      .map(([name, v]) => ({ name, count: v.count, ms: r(v.ms) })),
  };
}

function torch(args: string[]): Record<string, unknown> | null {
  if (flags.values['no-torch'] || !existsSync(python)) return null;
  try {
    const out = execFileSync(python, [join(peers, 'maml_sine_torch.py'), '--iters', String(iters), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 600_000 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
    return { mode: r.mode, batched: r.batched, meta_iter_ms: r.meta_iter_ms };
  } catch (error) {
    // python3-torch missing or the script failed: record why instead of a number.
    return { skipped: String(error).slice(0, 200) };
  }
}

function medianOf(r: Record<string, unknown> | null): number | null {
  const ms = r?.meta_iter_ms as { median?: number } | undefined;
  return typeof ms?.median === 'number' ? ms.median : null;
}

async function main() {
  // initBackend installs metatune's wasm settings (buffer-sharing Identity and Cast kernels).
  await initBackend(backend as 'wasm' | 'cpu');
  const environment = environmentInfo({ backend, tfjs: tf.version_core });
  const [batched, perTask, gist] = [await run(SETTINGS[0]), await run(SETTINGS[1]), await run(SETTINGS[2])];
  const torchBriefLoop = torch(['--reptile', 'brief', '--batched', 'none']);
  const torchBriefBmm = torch(['--reptile', 'brief', '--batched', 'bmm']);
  const torchGist = torch(['--reptile', 'gist', '--batched', 'none']);
  const ratio = (reference: number | null, ours: number) => (reference === null ? null : +(reference / ours).toFixed(2));
  printResult({
    bench: 'reptile/sine-speed',
    environment,
    settings: { iters, warmup, model: 'MLP 1-40-40-1 relu', torchThreads: 'torch default (1 on this machine)' },
    results: {
      metatune: [batched, perTask, gist],
      torch: { briefLoop: torchBriefLoop, briefBmm: torchBriefBmm, gist: torchGist },
      // > 1: metatune is faster. The goal: batched 5-task >= 2x the torch per-task loop (<= 2.2 ms at 4.5 ms).
      speedup: {
        batchedVsTorchLoop: ratio(medianOf(torchBriefLoop), batched.outerStepMs.median),
        batchedVsTorchBmm: ratio(medianOf(torchBriefBmm), batched.outerStepMs.median),
        perTaskVsTorchLoop: ratio(medianOf(torchBriefLoop), perTask.outerStepMs.median),
        gistVsTorchGist: ratio(medianOf(torchGist), gist.outerStepMs.median),
      },
      loadAverageAfter: environmentInfo().loadAverage1m,
    },
    notes: ['medians over iters - warmup outer steps; a shared 2-core machine: compare the in-run ratios, not absolute times across runs'],
  });
}

await main();
