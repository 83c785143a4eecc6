/**
 * Quality run: Reptile on sinusoids with the Reptile paper's demo settings (Nichol et al. 2018,
 * the OpenAI sine gist): MLP 1-64-64-1 tanh, tasks y = A sin(x - phi) with A ~ U[0.1, 5],
 * phi ~ U[0, 2 pi], 50 points on [-5, 5] per task; per outer step one task, 5 inner SGD steps
 * (lr 0.02) over the 50 points in minibatches of 10, outer step 0.1 annealed linearly to 0.
 * Compared in the same run, with the same number of outer steps, with
 * - MAML (@metatune/maml, second order): meta-batch 10, K = 10 support + 10 query points, one
 *   inner SGD step at the same lr 0.02, Adam 1e-3 outside;
 * - pretrain-and-finetune: one net trained on all tasks jointly (Adam 1e-3 on the MSE of one
 *   50-point task per step), then fine-tuned like the others.
 * Every learner is evaluated the same way: 500 held-out test-split tasks, plain SGD lr 0.02 on
 * K = 10 support points from the learned initialisation, MSE on 50 query points after 0, 1, 5
 * and 32 steps (mean and 95% CI).
 *
 *   (cd packages/core && npx tsup) && (cd packages/tasks && npx tsup) && (cd packages/maml && npx tsup) && (cd packages/reptile && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/reptile/sine-quality.bench.ts [--iters=2000] [--full] [--backend=wasm|cpu]
 *     [--learners=reptile,maml,pretrain]
 *
 * `--full` runs the paper's 30,000 outer steps. Prints one JSON object.
 */
import '@tensorflow/tfjs-backend-cpu';
import { initBackend } from '@metatune/backends';
import { foldIn, losses, makeKey, nn, optim, tf, training, valueAndGrad, type EvaluationResult, type Params } from '@metatune/core';
import { maml } from '@metatune/maml';
import { reptile } from '@metatune/reptile';
import { sinusoid } from '@metatune/tasks';
import { environmentInfo, intFlag, listFlag, parseFlags, printResult } from '../lib';

const flags = parseFlags();
const iters = intFlag(flags, 'iters', flags.full ? 30_000 : 2000);
const backend = flags.values.backend ?? 'wasm';
const names = listFlag(flags, 'learners', ['reptile', 'maml', 'pretrain']);
const EVAL_STEPS = [0, 1, 5, 32];
const EVAL_TASKS = 500;
const LR = 0.02;

const family = { amplitude: [0.1, 5] as [number, number], phase: [0, 2 * Math.PI] as [number, number], inputRange: [-5, 5] as [number, number] };
const model = () => nn.mlp([1, 64, 64, 1], { activation: 'tanh' });
// Held-out tasks: the test split (disjoint key domain), 10 support points to adapt on, 50 to score.
const heldOut = sinusoid({ ...family, shots: 10, queryShots: 50, split: 'test' });
// The evaluator only adapts and scores: plain SGD at LR on the whole support set, for any initialisation.
const evaluator = reptile({ model: model(), innerLr: LR, evaluationBatch: 100 });

function table(result: EvaluationResult) {
  return Object.fromEntries(Object.entries(result.loss).map(([k, e]) => [k, { mean: +e.mean.toFixed(4), ci95: +e.ci95.toFixed(4) }]));
}

function evaluate(theta: Params) {
  return table(evaluator.evaluate({ theta, step: 0, key: makeKey(0) }, heldOut, { tasks: EVAL_TASKS, steps: EVAL_STEPS, key: makeKey(600) }));
}

async function runReptile() {
  const learner = reptile({ model: model(), innerSteps: 5, innerLr: LR, innerBatch: 10, outerStepSize: 0.1, annealSteps: iters });
  const t0 = performance.now();
  const run = await training.runMetaTraining({ learner, distribution: sinusoid({ ...family, shots: 50, queryShots: 1 }), steps: iters, batchSize: 1, key: makeKey(0) });
  const seconds = (performance.now() - t0) / 1000;
  const mse = evaluate(run.state.theta);
  learner.disposeState(run.state);
  return { learner: 'reptile (serial, paper demo settings)', outerSteps: run.step, trainSeconds: +seconds.toFixed(1), fastPath: true, mse };
}

async function runMaml() {
  const learner = maml({ model: model(), innerSteps: 1, innerLr: LR, outerLr: 1e-3 });
  const t0 = performance.now();
  const run = await training.runMetaTraining({ learner, distribution: sinusoid({ ...family, shots: 10, queryShots: 10 }), steps: iters, batchSize: 10, key: makeKey(0) });
  const seconds = (performance.now() - t0) / 1000;
  const mse = evaluate(learner.params(run.state));
  learner.disposeState(run.state);
  return { learner: 'maml (second order, meta-batch 10, 1 inner step)', outerSteps: run.step, trainSeconds: +seconds.toFixed(1), mse };
}

function runPretrain() {
  const net = model();
  const tasks = sinusoid({ ...family, shots: 50, queryShots: 1 });
  const adam = optim.adam({ lr: 1e-3 });
  let params = net.init(makeKey(0));
  let state = adam.init(params);
  const t0 = performance.now();
  for (let step = 0; step < iters; step++) {
    const task = tasks.sample(foldIn(makeKey(1), step));
    const next = tf.tidy(() => {
      const { grads } = valueAndGrad((p: Params) => losses.mse(net.apply(p, task.support.x), task.support.y))(params);
      const out = adam.update(grads, state, params);
      return { params: optim.applyUpdates(params, out.updates), state: out.state } as unknown as tf.TensorContainer;
    }) as unknown as { params: Params; state: typeof state };
    tf.dispose([task.support.x, task.support.y, task.query.x, task.query.y]);
    tf.dispose([...Object.values(params).flatMap((l) => Object.values(l as Record<string, tf.Tensor>))]);
    tf.dispose([state.step, ...Object.values(state.m).flatMap((l) => Object.values(l as Record<string, tf.Tensor>)), ...Object.values(state.v).flatMap((l) => Object.values(l as Record<string, tf.Tensor>))]);
    params = next.params;
    state = next.state;
  }
  const seconds = (performance.now() - t0) / 1000;
  const mse = evaluate(params);
  return { learner: 'pretrain on all tasks jointly (Adam 1e-3, one 50-point task per step), then fine-tune', outerSteps: iters, trainSeconds: +seconds.toFixed(1), mse };
}

async function main() {
  // initBackend installs metatune's wasm settings (buffer-sharing Identity and Cast kernels).
  await initBackend(backend as 'wasm' | 'cpu');
  const environment = environmentInfo({ backend, tfjs: tf.version_core });
  const results = [];
  for (const name of names) {
    if (name === 'reptile') results.push(await runReptile());
    else if (name === 'maml') results.push(await runMaml());
    else if (name === 'pretrain') results.push(runPretrain());
    else throw new Error(`unknown learner ${name}; use reptile, maml, pretrain`);
  }
  printResult({
    bench: 'reptile/sine-quality',
    environment,
    settings: {
      iters,
      model: 'MLP 1-64-64-1 tanh',
      tasks: 'y = A sin(x - phi), A ~ U[0.1, 5], phi ~ U[0, 2pi], x ~ U[-5, 5]',
      reptile: '1 task per outer step, 50 points, 5 inner SGD steps lr 0.02 in minibatches of 10, epsilon 0.1 annealed linearly to 0',
      evaluation: `${EVAL_TASKS} test-split tasks, SGD lr ${LR} on 10 support points, MSE on 50 query points after ${EVAL_STEPS.join(', ')} steps`,
    },
    results: { learners: results, loadAverageAfter: environmentInfo().loadAverage1m },
  });
}

await main();
