/**
 * Quality run: MAML (second order) and first-order MAML on Omniglot N-way 1-shot with conv4 (the
 * per-task path), against a pretrain-then-finetune baseline on the same split, on the small
 * background set shipped with @metatune/tasks (242 characters x 20 drawings, 28x28):
 * - split: characters 60 / 10 / 30 % into meta-train / -validation / -test (seed 0, the tasks
 *   package's default), each character also rotated by 90/180/270 degrees as new classes; test
 *   tasks come only from test characters, which neither learner nor baseline ever sees in training;
 * - MAML / FOMAML (Finn et al. 2017's Omniglot recipe, scaled down in outer steps): N-way 1-shot
 *   episodes with 1 query per class as in the paper's code (`--queries`), inner SGD (5-way: 1 step
 *   lr 0.4, meta-batch 32; 20-way: 5 steps lr 0.1, meta-batch 16, as in the paper), Adam 1e-3
 *   outer; conv4 with layer norm, so a query's prediction never depends on the other queries;
 * - baseline: the same conv4 trained as an ordinary classifier over all meta-train classes (576 with
 *   rotations) for the same number of images MAML's query sets show it, then a fresh N-way head
 *   (zeros) and plain SGD on the test task's support set, with the same steps and rate as MAML's
 *   test-time adaptation;
 * - `anil`: ANIL (Raghu et al. 2020), second order; only the head adapts in the inner loop and at
 *   test time, the body is meta-learned and shared;
 * - `maml-pretrained` / `fomaml-pretrained` / `anil-pretrained`: the learner started from the
 *   baseline's pretrained body and zero head (`--pretrain-images` images of classifier training, default: as many as the
 *   meta-training's query sets) instead of a random init, with the outer rate `--outer-lr` (a
 *   meta-learning stage on top of a classifier, as in Chen et al. 2021's Meta-Baseline); compare it
 *   with `pretrain` given the same total images (`--iters` sets those);
 * - evaluation: the same test tasks for all three (fixed key), accuracy on the queries after the
 *   test-time steps (MAML's: 3 for 5-way, 5 for 20-way; the paper's full-set figures are 98.7%
 *   and 95.8%), mean and 95% CI over tasks.
 *
 *   npm run build   # the bench imports the built packages
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/maml/omniglot.bench.ts [--ways=5,20] [--iters=100]
 *     [--tasks=100] [--filters=32] [--queries=1] [--norm=layer|batch] [--inner-lr=0.4] [--learners=maml,fomaml,anil,pretrain,maml-pretrained,fomaml-pretrained,anil-pretrained] [--pretrain-images=N] [--outer-lr=0.001] [--backend=wasm|cpu] [--full]
 *     [--checkpoint=DIR] [--checkpoint-every=10] [--eval-every=N] [--val-tasks=50]
 *
 * `--full` runs 2,000 meta-steps per learner and 300 test tasks (many hours on 2 cores).
 * `--eval-every=N` measures the meta-learners' accuracy on `--val-tasks` tasks of the meta-validation
 * characters every N meta-steps, and a pretrained start also before its first step (progress on
 * stderr, the curve in the JSON); the test tasks are only used once, at the end.
 * `--checkpoint=DIR` saves the meta-learners' meta-training every `--checkpoint-every`
 * (default 10) meta-steps under DIR/<ways>way-<learner> and continues from there when rerun with the
 * same flags, so a run longer than one sitting can be split (a larger `--iters` extends it);
 * `trainSeconds` then counts this process's share only, `resumedFrom` says where it started.
 * Prints one JSON object.
 */
import { join } from 'node:path';
import { initBackend } from '@metatune/backends';
import { type Params, foldIn, losses, makeKey, nn, optim, tf, training, valueAndGrad } from '@metatune/core';
import { anil, fomaml, maml, type MamlLearner, type MamlState } from '@metatune/maml';
import { type EpisodeDistribution, type OmniglotData, loadOmniglot, omniglot, splitClasses } from '@metatune/tasks';
import { environmentInfo, intFlag, listFlag, parseFlags, printResult } from '../lib';

const flags = parseFlags();
const iters = intFlag(flags, 'iters', flags.full ? 2000 : 100);
const testTasks = intFlag(flags, 'tasks', flags.full ? 300 : 100);
const filters = intFlag(flags, 'filters', 32);
// Query images per class in a meta-training episode. Finn et al.'s code samples 2K images per class
// (K support + K query), so 1 for 1-shot; more queries cost proportionally more conv time.
const queries = intFlag(flags, 'queries', 1);
// 'layer' (default): non-transductive, a query's prediction never depends on the other queries;
// 'batch': the paper's transductive batch norm (statistics over the task's images).
const norm = (flags.values.norm ?? 'layer') as 'layer' | 'batch';
const waysList = listFlag(flags, 'ways', ['5', '20']).map(Number);
const learners = listFlag(flags, 'learners', ['maml', 'fomaml', 'pretrain']);
const backend = (flags.values.backend ?? 'wasm') as 'wasm' | 'cpu';
const outerLr = flags.values['outer-lr'] === undefined ? 1e-3 : Number(flags.values['outer-lr']);
const PAPER: Record<number, number> = { 5: 0.987, 20: 0.958 };
const checkpointDir = flags.values.checkpoint;
const checkpointEvery = intFlag(flags, 'checkpoint-every', 10);
const evalEvery = intFlag(flags, 'eval-every', 0);
const validationTasks = intFlag(flags, 'val-tasks', 50);

/** The paper's per-setting hyperparameters (Finn et al. 2017, appendix A.1). */
function recipe(ways: number) {
  const paper = ways === 5 ? { innerSteps: 1, innerLr: 0.4, metaBatch: 32, testSteps: 3 } : { innerSteps: 5, innerLr: 0.1, metaBatch: 16, testSteps: 5 };
  // `--inner-lr` overrides the paper's rate (training and test time), for sweeps.
  const innerLr = flags.values['inner-lr'] === undefined ? paper.innerLr : Number(flags.values['inner-lr']);
  return { ...paper, innerLr };
}

function model(ways: number) {
  return nn.conv4({ outputs: ways, filters, norm });
}

/** The learner of `make` with the paper's recipe for `ways` and the outer rate `--outer-lr`. */
function learnerFor(make: typeof maml, ways: number): MamlLearner {
  const r = recipe(ways);
  return make({ model: model(ways), innerSteps: r.innerSteps, innerLr: r.innerLr, outerLr, evaluationBatch: 10 });
}

/** The meta-learner factory a `--learners` name stands for (`-pretrained` names included). */
function factoryOf(name: string): typeof maml {
  if (name.startsWith('anil')) return anil;
  return name.startsWith('fomaml') ? fomaml : maml;
}

/**
 * Meta-trains `make` (named `name`) with core's training loop and returns its learner and final
 * state; checkpointed with `--checkpoint`, validated with `--eval-every`. With `start`, the run
 * begins from the params `start()` returns (the pretrained body and zero head) instead of the
 * learner's random init; `start` is only called when no checkpoint is resumed.
 */
async function metaTrain(make: typeof maml, name: string, ways: number, train: EpisodeDistribution, validationSet: EpisodeDistribution, start?: () => Params) {
  const r = recipe(ways);
  const learner = learnerFor(make, ways);
  const starting: MamlLearner = start === undefined ? learner : {
    ...learner,
    init: () => {
      const model = start();
      return { theta: { model }, opt: learner.options.outer.init({ model }), step: 0 } as unknown as MamlState;
    },
  };
  const t0 = performance.now();
  const checkpoint = checkpointDir === undefined ? undefined : { dir: join(checkpointDir, `${ways}way-${name}`), every: checkpointEvery };
  // A pretrained start is also validated before meta-training: for MAML and first-order MAML that
  // is the baseline itself (the pretrained body, zero head, the same test-time steps).
  const validation = evalEvery > 0 ? { every: evalEvery, tasks: validationTasks, steps: r.testSteps, metric: 'accuracy' as const, distribution: validationSet, atStart: start !== undefined } : undefined;
  const run = await training.runMetaTraining({
    learner: starting,
    distribution: train,
    steps: iters,
    batchSize: r.metaBatch,
    key: makeKey(0),
    checkpoint,
    validation,
    onEvent: (event) => {
      if (event.type === 'validation') console.error(`${ways}-way ${name} step ${event.step}: validation accuracy ${event.value.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    },
  });
  return { learner, state: run.state, seconds: (performance.now() - t0) / 1000, lastLoss: run.lastMetrics?.loss, resumedFrom: run.resumedFrom, validation: run.validation };
}

/**
 * The baseline: conv4 trained as a classifier over every meta-train class (global ids from the
 * episodes' info), then its body with a zero N-way head. Returns params for an N-way conv4.
 */
function pretrain(ways: number, data: OmniglotData, images: number): { params: Params; seconds: number; classes: number; finalLoss: number } {
  const t0 = performance.now();
  // Every meta-train class (character x 4 rotations) gets a row of the classifier's head.
  const classes = splitClasses(data.characters, 0).train.length * 4;
  const classIndex = new Map<number, number>();
  const episodeWays = 20;
  const episodes = omniglot({ data, ways: episodeWays, shots: 5, queryShots: 0, rotations: true });
  const classifier = nn.conv4({ outputs: classes, filters, norm });
  let params = classifier.init(makeKey(2));
  const adam = optim.adam({ lr: 1e-3 });
  let state = adam.init(params);
  const perStep = episodeWays * 5;
  const steps = Math.max(1, Math.round(images / perStep));
  let finalLoss = Number.NaN;
  for (let s = 0; s < steps; s++) {
    const batch = episodes.sampleBatch(foldIn(makeKey(3), s), 1);
    const info = batch.info![0] as { classes: number[]; rotations: number[] };
    const global = info.classes.map((c, n) => {
      const id = c * 4 + info.rotations[n] / 90;
      if (!classIndex.has(id)) classIndex.set(id, classIndex.size);
      return classIndex.get(id)!;
    });
    const next = tf.tidy(() => {
      const x = tf.squeeze(batch.support.x, [0]);
      const local = Array.from(tf.squeeze(batch.support.y, [0]).dataSync());
      const y = tf.tensor1d(local.map((l) => global[l]), 'int32');
      const { value, grads } = valueAndGrad((p: Params) => losses.softmaxCrossEntropy(classifier.apply(p, x), y))(params) as { value: tf.Scalar; grads: Params };
      const { updates, state: nextState } = adam.update(grads, state, params);
      return { params: optim.applyUpdates(params, updates), state: nextState, loss: value };
    });
    tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
    tf.dispose(Object.values(flat(params)));
    tf.dispose(Object.values(flat(state)));
    params = next.params;
    state = next.state;
    if (s === steps - 1) finalLoss = next.loss.dataSync()[0];
    next.loss.dispose();
  }
  // The body carries over; the N-way head starts at zero (every class equally likely).
  const fine: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (name !== 'head') fine[name] = value;
  }
  const head = params.head as Params;
  const features = (head.w as tf.Tensor).shape[0];
  fine.head = { w: tf.zeros([features, ways]), b: tf.zeros([ways]) };
  tf.dispose(Object.values(flat(head)));
  tf.dispose(Object.values(flat(state)));
  return { params: fine, seconds: (performance.now() - t0) / 1000, classes: classIndex.size, finalLoss };
}

function flat(p: Params, out: Record<string, tf.Tensor> = {}, prefix = ''): Record<string, tf.Tensor> {
  for (const [k, v] of Object.entries(p)) {
    if (v instanceof tf.Tensor) out[prefix + k] = v;
    else flat(v as Params, out, `${prefix}${k}/`);
  }
  return out;
}

function accuracyOf(learner: MamlLearner, state: MamlState, test: EpisodeDistribution, steps: number) {
  const evaluation = learner.evaluate(state, test, { tasks: testTasks, steps: [0, steps], key: makeKey(7) });
  const e = evaluation.accuracy![steps];
  return { mean: +e.mean.toFixed(4), ci95: +e.ci95.toFixed(4), n: e.n, before: +evaluation.accuracy![0].mean.toFixed(4) };
}

async function main() {
  await initBackend(backend);
  const environment = environmentInfo({ backend, tfjs: tf.version_core });
  const data = loadOmniglot();
  const results: Record<string, unknown> = {};
  for (const ways of waysList) {
    const r = recipe(ways);
    const train = omniglot({ data, ways, shots: 1, queryShots: queries, rotations: true });
    // Held-out episodes (5 queries per class): the test split, and the validation split for `--eval-every`.
    const heldOut = omniglot({ data, ways, shots: 1, queryShots: 5, rotations: true });
    const test = heldOut.withSplit('test');
    const validationSet = heldOut.withSplit('validation');
    const row: Record<string, unknown> = { paperFullSet: PAPER[ways], testSteps: r.testSteps, innerLr: r.innerLr };
    // Labelled images MAML's query sets show it over the run: the baseline's default budget.
    const metaQueryImages = iters * r.metaBatch * ways * queries;
    const pretrainImages = intFlag(flags, 'pretrain-images', metaQueryImages);
    for (const name of learners) {
      if (name === 'pretrain') {
        const base = pretrain(ways, data, metaQueryImages);
        const evaluator = maml({ model: model(ways), innerSteps: r.testSteps, innerLr: r.innerLr, evaluationBatch: 10 });
        const state = { theta: { model: base.params }, opt: {}, step: 0 } as unknown as MamlState;
        row.pretrain = { accuracy: accuracyOf(evaluator, state, test, r.testSteps), trainSeconds: +base.seconds.toFixed(1), classes: base.classes, finalTrainLoss: +base.finalLoss.toFixed(3) };
        tf.dispose(Object.values(flat(base.params)));
        continue;
      }
      const make = factoryOf(name);
      // Filled in by `start`, which runs only when no checkpoint is resumed.
      const pretrained: { seconds?: number } = {};
      const start = name.endsWith('-pretrained')
        ? () => {
            const base = pretrain(ways, data, pretrainImages);
            pretrained.seconds = base.seconds;
            return base.params;
          }
        : undefined;
      const { learner, state, seconds, lastLoss, resumedFrom, validation } = await metaTrain(make, name, ways, train, validationSet, start);
      row[name] = {
        accuracy: accuracyOf(learner, state, test, r.testSteps),
        // Meta-training only: the pretraining inside the loop's init is timed on its own.
        trainSeconds: +(seconds - (pretrained.seconds ?? 0)).toFixed(1),
        lastMetaLoss: lastLoss === undefined ? null : +lastLoss.toFixed(3),
        ...(resumedFrom === undefined ? {} : { resumedFrom }),
        ...(validation.length > 0 ? { validationAccuracy: validation.map((v) => ({ step: v.step, accuracy: +v.value.toFixed(4) })) } : {}),
        ...(start === undefined ? {} : { outerLr, metaQueryImages, pretrainImages, pretrainSeconds: pretrained.seconds === undefined ? null : +pretrained.seconds.toFixed(1) }),
      };
      learner.disposeState(state);
    }
    results[`${ways}-way 1-shot`] = row;
  }
  printResult({
    bench: 'maml/omniglot',
    environment,
    settings: {
      iters,
      filters,
      testTasks,
      data: `${data.characters} characters x ${data.drawings} drawings (small background set), split by character 60/10/30 % seed 0, rotations x4`,
      queries,
      norm,
      maml: '1-shot, `queries` query images per class; 5-way: 1 inner SGD step lr 0.4, meta-batch 32; 20-way: 5 steps lr 0.1, meta-batch 16; Adam 1e-3; conv4 with the norm in `norm`',
      pretrain: 'conv4 classifier over the meta-train classes, Adam 1e-3, 20-way 5-shot episodes as minibatches, as many images as MAML sees; zero N-way head; test-time SGD as MAML',
      evaluation: `${testTasks} test tasks, 5 queries per class, accuracy after the test-time steps`,
    },
    results: { ...results, loadAverageAfter: environmentInfo().loadAverage1m },
  });
}

await main();
