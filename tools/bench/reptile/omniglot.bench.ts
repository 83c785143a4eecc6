/**
 * Quality run: Reptile on Omniglot 5-way 1-shot and 5-way 5-shot with conv4 (per-task path),
 * on the small background set shipped with @metatune/tasks (242 characters x 20 drawings,
 * 28x28), with the Reptile paper's Omniglot recipe scaled down in outer steps:
 * - split: characters (not alphabets) 60 / 10 / 30 % into meta-train / -validation / -test with
 *   seed 0 (the tasks package's default), each class also rotated by 90/180/270 degrees as new
 *   classes; test tasks come only from the test characters;
 * - meta-training: 5-way, 10 shots per class (the paper's "train shots"), 5 inner Adam steps
 *   (lr 0.001, beta1 0) on minibatches of 10, meta-batch 5, outer step 1 annealed linearly to 0;
 * - evaluation: 5-way K-shot tasks (K = 1 and 5) from the test characters, 5 query images per
 *   class, Adam (lr 0.001, beta1 0) on the whole support set for 50 steps, accuracy on the
 *   queries, mean and 95% CI over tasks (non-transductive: conv4 with layer norm, so a query's
 *   prediction never depends on the other queries).
 * One model serves both shot counts, as in the paper (both use 10 train shots). The same
 * evaluation of an untrained conv4 (a fresh initialisation) is the baseline that shows what
 * meta-training adds (`--baseline=false` skips it, `--baseline-only` skips the training). The paper's
 * full-set results (100,000 outer steps, 1200+ characters): 95.4% (1-shot) and 98.9% (5-shot).
 *
 *   (cd packages/core && npx tsup) && (cd packages/tasks && npx tsup) && (cd packages/reptile && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/reptile/omniglot.bench.ts [--iters=200] [--tasks=100]
 *     [--eval-steps=50] [--filters=64] [--backend=wasm|cpu] [--baseline=false | --baseline-only] [--full]
 *
 * `--full` runs 3,000 outer steps and 200 test tasks per shot count (hours on 2 shared cores).
 * Prints one JSON object.
 */
import '@tensorflow/tfjs-backend-cpu';
import { initBackend } from '@metatune/backends';
import { makeKey, nn, tf, training } from '@metatune/core';
import { reptile } from '@metatune/reptile';
import { loadOmniglot, omniglot } from '@metatune/tasks';
import { environmentInfo, intFlag, parseFlags, printResult } from '../lib';

const flags = parseFlags();
const iters = intFlag(flags, 'iters', flags.full ? 3000 : 200);
const evalTasks = intFlag(flags, 'tasks', flags.full ? 200 : 100);
const evalSteps = intFlag(flags, 'eval-steps', 50);
const filters = intFlag(flags, 'filters', 64);
const backend = flags.values.backend ?? 'wasm';
const baseline = flags.values.baseline !== 'false';
const baselineOnly = flags.values['baseline-only'] === 'true';
const PAPER = { '1-shot': 0.954, '5-shot': 0.989 };

async function main() {
  // initBackend installs metatune's wasm settings (buffer-sharing Identity and Cast kernels).
  await initBackend(backend as 'wasm' | 'cpu');
  const environment = environmentInfo({ backend, tfjs: tf.version_core });
  const data = loadOmniglot();
  const episodes = (shots: number, queryShots: number) => omniglot({ data, ways: 5, shots, queryShots, rotations: true });
  const train = episodes(10, 1);
  const learner = reptile({
    model: nn.conv4({ outputs: 5, filters, norm: 'layer' }),
    innerSteps: 5,
    innerBatch: 10,
    innerOptimizer: 'adam',
    innerLr: 0.001,
    outerStepSize: 1,
    annealSteps: iters,
  });
  const evaluate = (state: ReturnType<typeof learner.init>) => {
    const out: Record<string, unknown> = {};
    for (const shots of [1, 5]) {
      const test = episodes(shots, 5).withSplit('test');
      const t1 = performance.now();
      const evaluation = learner.evaluate(state, test, { tasks: evalTasks, steps: [0, evalSteps], key: makeKey(7) });
      const accuracy = Object.fromEntries(Object.entries(evaluation.accuracy ?? {}).map(([k, e]) => [k, { mean: +e.mean.toFixed(4), ci95: +e.ci95.toFixed(4), n: e.n }]));
      out[`${shots}-shot`] = { accuracy, evalSeconds: +((performance.now() - t1) / 1000).toFixed(1), paperFullSet: PAPER[`${shots}-shot` as keyof typeof PAPER] };
    }
    return out;
  };
  const t0 = performance.now();
  let results: Record<string, unknown> = {};
  if (!baselineOnly) {
    const run = await training.runMetaTraining({ learner, distribution: train, steps: iters, batchSize: 5, key: makeKey(0) });
    results.trainSeconds = +((performance.now() - t0) / 1000).toFixed(1);
    results = { ...results, ...evaluate(run.state) };
    learner.disposeState(run.state);
  }
  if (baseline || baselineOnly) {
    const fresh = learner.init(makeKey(0));
    results.untrainedBaseline = evaluate(fresh);
    learner.disposeState(fresh);
  }
  printResult({
    bench: 'reptile/omniglot',
    environment,
    settings: {
      iters,
      filters,
      data: `${data.characters} characters x ${data.drawings} drawings (small background set), split by character 60/10/30 % seed 0, rotations x4`,
      training: '5-way, 10 shots per class, 5 inner Adam steps lr 0.001 beta1 0 on minibatches of 10, meta-batch 5, epsilon 1 annealed to 0',
      evaluation: `${evalTasks} test tasks per shot count, 5 queries per class, ${evalSteps} Adam steps on the whole support set; conv4 with layer norm (non-transductive)`,
    },
    results: { ...results, loadAverageAfter: environmentInfo().loadAverage1m },
  });
}

await main();
