/**
 * Continual learning on an Omniglot-derived stream: online SGD vs experience replay (ER) vs
 * meta-experience replay (MER, Riemer et al. 2019) in one run (plus online SGD with as many SGD
 * steps per example as MER, to separate replay from extra compute), on the same stream, the same
 * model initialisation and the same single pass over the data, for several seeds (medians).
 *
 * The stream: T tasks over the same 10 Omniglot characters (small background set shipped with
 * @metatune/tasks), each task a fixed random pixel permutation (or a random rotation with
 * `--transform=rotate`) of 14x14 images (28x28 average-pooled by 2), `--train` training drawings
 * per character and task seen once, the other drawings as the task's test set. Model: MLP
 * 196-100-100-10 ReLU, plain SGD. After each task every task's test accuracy is measured (the
 * matrix R), giving ACC (mean of the last row) and BWT (Lopez-Paz & Ranzato 2017).
 *
 *   (cd packages/core && npx tsup) && (cd packages/tasks && npx tsup) && (cd packages/backends && npx tsup) && (cd packages/reptile && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/reptile/continual.bench.ts [--full]
 *     [--seeds=3] [--tasks=5] [--train=10] [--transform=permute|rotate] [--lr=0.1] [--beta=0.3]
 *     [--gamma=1] [--batches=2] [--replay=4] [--memory=200] [--backend=wasm|cpu]
 *     [--methods=online,onlineMatched,er,mer]
 *
 * Default: 5 tasks, 3 seeds (a few minutes on 2 cores); `--full`: 10 tasks, 5 seeds.
 * Prints one JSON object.
 */
import '@tensorflow/tfjs-backend-cpu';
import { initBackend } from '@metatune/backends';
import { makeKey, nn, tf } from '@metatune/core';
import { disposeStream, experienceReplay, imageStream, learnStream, mer, onlineSgd, type ContinualLearner, type StreamTransform } from '@metatune/reptile';
import { loadOmniglot, omniglotImageSet } from '@metatune/tasks';
import { environmentInfo, intFlag, listFlag, median, parseFlags, printResult, round } from '../lib';

const flags = parseFlags();
const num = (name: string, fallback: number): number => {
  const raw = flags.values[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
  return v;
};
const seeds = intFlag(flags, 'seeds', flags.full ? 5 : 3);
const tasks = intFlag(flags, 'tasks', flags.full ? 10 : 5);
const trainPerClass = intFlag(flags, 'train', 10);
const transform = (flags.values.transform ?? 'permute') as StreamTransform;
const backend = flags.values.backend ?? 'wasm';
const lr = num('lr', 0.1);
const beta = num('beta', 0.3);
const gamma = num('gamma', 1);
const batches = intFlag(flags, 'batches', 2);
const replay = intFlag(flags, 'replay', 4);
const memory = intFlag(flags, 'memory', 200);
const pool = 2;
const hidden = 100;

interface SeedResult {
  readonly seed: number;
  readonly acc: number;
  readonly bwt: number;
  readonly fwt: number;
  readonly seconds: number;
  readonly accuracy: number[][];
}

async function main() {
  await initBackend(backend as 'wasm' | 'cpu');
  const images = omniglotImageSet(loadOmniglot());
  const features = (28 / pool) ** 2;
  const model = nn.mlp([features, hidden, hidden, 10]);
  const learners: Record<string, ContinualLearner> = {
    online: onlineSgd({ model, lr }),
    // Online SGD given as many SGD steps per example as MER takes, all on the incoming example.
    onlineMatched: onlineSgd({ model, lr, batches: batches * (replay + 1), name: 'online-sgd-matched' }),
    er: experienceReplay({ model, lr, batches, replay, memory }),
    mer: mer({ model, lr, beta, gamma, batches, replay, memory }),
  };
  const chosen = listFlag(flags, 'methods', Object.keys(learners));
  for (const name of chosen) if (!learners[name]) throw new Error(`--methods: unknown method ${name}; use ${Object.keys(learners).join(', ')}`);
  const runs: Record<string, SeedResult[]> = Object.fromEntries(chosen.map((name) => [name, []]));
  for (let seed = 0; seed < seeds; seed++) {
    const stream = imageStream(images, { tasks, ways: 10, transform, trainPerClass, pool, key: makeKey(1000 + seed) });
    for (const name of chosen) {
      const learner = learners[name];
      const t0 = performance.now();
      // The same learner key per seed: every method starts from the same initial parameters.
      const r = learnStream(learner, stream, { key: makeKey(seed) });
      runs[name].push({ seed, acc: r.acc, bwt: r.bwt, fwt: r.fwt ?? 0, seconds: (performance.now() - t0) / 1000, accuracy: r.accuracy.map((row) => row.map((v) => round(v, 3))) });
    }
    disposeStream(stream);
  }
  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, rs]) => [
      name,
      {
        acc: round(median(rs.map((r) => r.acc)), 3),
        bwt: round(median(rs.map((r) => r.bwt)), 3),
        fwt: round(median(rs.map((r) => r.fwt)), 3),
        sgdStepsPerExample: name === 'online' ? 1 : name === 'er' ? batches : batches * (replay + 1), // mer and onlineMatched alike
        secondsPerSeed: round(median(rs.map((r) => r.seconds)), 1),
        perSeed: rs.map((r) => ({ seed: r.seed, acc: round(r.acc, 3), bwt: round(r.bwt, 3) })),
      },
    ]),
  );
  const beats = (a: string, b: string, metric: 'acc' | 'bwt') => (summary[a] && summary[b] ? summary[a][metric] > summary[b][metric] : null);
  const checks = {
    merBeatsOnlineOnAcc: beats('mer', 'online', 'acc'),
    merBeatsOnlineOnBwt: beats('mer', 'online', 'bwt'),
    merBeatsMatchedOnlineOnAcc: beats('mer', 'onlineMatched', 'acc'),
    merBeatsMatchedOnlineOnBwt: beats('mer', 'onlineMatched', 'bwt'),
  };
  printResult({
    bench: 'reptile/continual',
    environment: environmentInfo({ backend: tf.getBackend() }),
    settings: {
      stream: `omniglot small background set, ${tasks} tasks, 10-way, same characters, ${transform === 'permute' ? 'pixel permutation' : 'rotation in [0, 180) degrees'} per task, 28x28 pooled to 14x14, ${trainPerClass} train and ${20 - trainPerClass} test drawings per character, one pass`,
      model: `MLP ${features}-${hidden}-${hidden}-10 relu, plain SGD`,
      seeds,
      tasks,
      trainPerClass,
      transform,
      lr,
      mer: { beta, gamma, batches, replay, memory },
      er: { batches, replay, memory },
      online: { steps: 1 },
      onlineMatched: { steps: batches * (replay + 1) },
    },
    results: { median: summary, checks, lastSeedAccuracyMatrix: Object.fromEntries(Object.entries(runs).map(([n, rs]) => [n, rs[rs.length - 1].accuracy])) },
    notes: [
      'ACC: mean test accuracy over all tasks after the stream; BWT: mean of R[T-1][i] - R[i][i] over i < T-1 (Lopez-Paz & Ranzato 2017); FWT: mean of R[i-1][i] minus the untrained accuracy.',
      'Every method sees each training example once; MER and ER replay from a reservoir buffer of the same size. MER takes batches x (replay + 1) per-example SGD steps per incoming example, ER batches batched steps, online SGD one; onlineMatched takes as many steps as MER, all on the incoming example.',
    ],
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
