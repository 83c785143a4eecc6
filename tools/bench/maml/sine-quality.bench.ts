/**
 * Quality run: MAML and Meta-SGD on sinusoids with the MAML paper's settings (MLP 1-40-40-1
 * ReLU, K support = K query points, one inner SGD step alpha=0.01, meta-batch 25, Adam 1e-3),
 * trained through core's `training.runMetaTraining` (validation every n steps, checkpoints),
 * then evaluated on 600 held-out test-split tasks after 1 and 10 steps (mean and 95% CI).
 * The paper trains 70,000 meta-iterations; the default here is short (CI-sized).
 *
 *   (cd packages/core && npx tsup) && (cd packages/tasks && npx tsup) && (cd packages/maml && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/maml/sine-quality.bench.ts [--iters 2000] [--shots 10]
 *     [--learners maml,meta-sgd] [--backend wasm|cpu] [--checkpoint DIR]
 *
 * Prints one JSON object.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { initBackend } from '@metatune/backends';
import { makeKey, nn, optim, training } from '@metatune/core';
import { maml, metaSgd, fomaml, anil } from '@metatune/maml';
import { sinusoid } from '@metatune/tasks';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const iters = Number(option('iters', '2000'));
const shots = Number(option('shots', '10'));
const backend = option('backend', 'wasm');
const names = option('learners', 'maml,meta-sgd').split(',');
const factories = { maml, 'meta-sgd': metaSgd, fomaml, anil } as const;
// Li et al. 2017, Table 1 (one-step adaptation, MSE), for the record.
const REFERENCE = { maml: { 5: 0.686, 10: 0.435, 20: 0.228 }, 'meta-sgd': { 5: 0.482, 10: 0.258, 20: 0.127 } } as Record<string, Record<number, number>>;

async function main() {
  // initBackend installs metatune's wasm settings (buffer-sharing Identity and Cast kernels).
  await initBackend(backend as 'wasm' | 'cpu');
  const sines = sinusoid({ shots, queryShots: shots });
  const results = [];
  for (const name of names) {
    const make = factories[name as keyof typeof factories];
    // --per-tensor-adam: the outer Adam state layout of checkpoints written before optim.flat became the default (same numbers).
    const outerOptimizer = process.argv.includes('--per-tensor-adam') ? optim.adam({ lr: 1e-3 }) : undefined;
    const learner = make({ model: nn.mlp([1, 40, 40, 1]), innerSteps: 1, innerLr: 0.01, outerLr: 1e-3, outerOptimizer });
    const dir = option('checkpoint', '') ? join(option('checkpoint', ''), name) : mkdtempSync(join(tmpdir(), `metatune-sine-${name}-`));
    const t0 = performance.now();
    const validation: { step: number; value: number }[] = [];
    const run = await training.runMetaTraining({
      learner,
      distribution: sines,
      steps: iters,
      batchSize: 25,
      key: makeKey(0),
      validation: { every: Math.max(1, Math.floor(iters / 10)), tasks: 100, steps: 1 },
      // Frequent enough that a killed long run loses little when resumed with --checkpoint.
      checkpoint: { dir, every: Math.max(1, Math.min(2000, Math.floor(iters / 10))) },
      onEvent: (e) => {
        if (e.type === 'validation') validation.push({ step: e.step, value: +e.value.toFixed(3) });
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const test = sines.withSplit('test');
    const evaluation = learner.evaluate(run.state, test, { tasks: 600, steps: [0, 1], key: makeKey(600) });
    // Ten steps separately: Meta-SGD's rates are learned for one step, and ten of them can diverge.
    let tenSteps: { mean: number; ci95: number } | string;
    try {
      const e = learner.evaluate(run.state, test, { tasks: 600, steps: [10], key: makeKey(600) }).loss[10];
      tenSteps = { mean: +e.mean.toFixed(3), ci95: +e.ci95.toFixed(3) };
    } catch (error) {
      tenSteps = `diverged: ${(error as Error).message}`;
    }
    learner.disposeState(run.state);
    results.push({
      learner: name,
      metaIterations: run.step,
      resumedFrom: run.resumedFrom ?? null,
      trainSeconds: +seconds.toFixed(1),
      validationOneStep: validation,
      testMse: { ...Object.fromEntries(Object.entries(evaluation.loss).map(([k, e]) => [k, { mean: +e.mean.toFixed(3), ci95: +e.ci95.toFixed(3) }])), 10: tenSteps },
      referenceOneStepMse70k: REFERENCE[name]?.[shots] ?? null,
      checkpointDir: dir,
    });
  }
  console.log(JSON.stringify({ bench: 'maml/sine-quality', backend, shots, iters, settings: 'MLP 1-40-40-1 relu, 1 inner SGD step alpha=0.01, meta-batch 25, Adam 1e-3, 600 test tasks', results }));
}

await main();
