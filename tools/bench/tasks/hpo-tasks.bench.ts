/**
 * Benchmark: the cost of one trial of each HPO training task of @metatune/tasks (SGD on an
 * N-way Omniglot MLP; MAML's inner settings on sines), with random configurations from each
 * task's space, and the 50-trial time this implies. Also the per-call cost of a benchmark function.
 *
 *   (cd packages/core && npx tsup) && (cd packages/tasks && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/tasks/hpo-tasks.bench.ts [--trials 4] [--backend wasm|cpu] [--maml-iterations 200]
 *
 * Prints one JSON object (medians in seconds; objective values of the sampled trials).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { Rng, makeKey, space, tf } from '@metatune/core';
import { type HpoTask, benchmarkFunction, functionTask, mamlSine, sgdMlpOmniglot } from '@metatune/tasks';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const trials = Number(option('trials', '4'));
const backend = option('backend', 'wasm');
const mamlIterations = Number(option('maml-iterations', '200'));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function runTrials(task: HpoTask): { medianTrialSeconds: number; projected50TrialsMinutes: number; values: number[]; configs: unknown[] } {
  const times: number[] = [];
  const values: number[] = [];
  const configs: unknown[] = [];
  for (let t = 0; t < trials; t++) {
    const config = space.sampleUniform(task.space, new Rng(makeKey(1000 + t)));
    const t0 = performance.now();
    values.push(+task.objective(config).toFixed(4));
    times.push((performance.now() - t0) / 1000);
    configs.push(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === 'number' ? +v.toPrecision(3) : v])));
  }
  const m = median(times);
  return { medianTrialSeconds: +m.toFixed(3), projected50TrialsMinutes: +((50 * m) / 60).toFixed(2), values, configs };
}

async function main(): Promise<void> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')), '/'));
  }
  await tf.setBackend(backend);
  await tf.ready();
  const branin = functionTask(benchmarkFunction('hartmann6'));
  const t0 = performance.now();
  for (let i = 0; i < 100000; i++) branin.objective({ x0: 0.1, x1: 0.2, x2: 0.3, x3: 0.4, x4: 0.5, x5: (i % 100) / 100 });
  const hartmann6MicrosecondsPerCall = +(((performance.now() - t0) / 100000) * 1000).toFixed(3);
  const sgd = runTrials(sgdMlpOmniglot());
  const maml = runTrials(mamlSine({ metaIterations: mamlIterations }));
  console.log(
    JSON.stringify({
      bench: 'tasks/hpo-tasks',
      backend,
      trials,
      note: 'one process, single thread; the machine is shared with other engineers, so timings are noisy',
      hartmann6MicrosecondsPerCall,
      sgdMlpOmniglot: { settings: 'ways 10, 14 train / 6 validation drawings per class, MLP 784-64-10, 10 epochs, momentum SGD', ...sgd },
      mamlSine: { settings: `first-order MAML, ${mamlIterations} meta-iterations x 10 tasks, K=10, MLP 1-40-40-1, Adam 1e-3, 100 validation tasks`, ...maml },
    }),
  );
}

void main();
