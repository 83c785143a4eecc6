/**
 * Benchmark: how long sampling a meta-batch takes, against (a) the op-by-op way of building the
 * same tensors (one tensor per image, then tf.stack), measured in the same run, and (b) one
 * forward + backward pass of a conv4 network over the same meta-batch (a lower bound of one
 * MAML meta-step), when core's nn is built.
 *
 *   (cd packages/core && npx tsup) && (cd packages/tasks && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/tasks/sampling.bench.ts [--runs 15] [--backend wasm|cpu]
 *
 * Prints one JSON object: medians in milliseconds and ratios.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { leaves, makeKey, mapParams, nn, tf } from '@metatune/core';
import { loadOmniglot, omniglot, sinusoid, sinusoidTasksFromArrays, type EpisodeDistribution } from '@metatune/tasks';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const runs = Number(option('runs', '15'));
const backend = option('backend', 'wasm');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, repeats = runs): number {
  fn(); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return +median(samples).toFixed(3);
}

/** The same episodes, built the slow way: one tensor per image, rotated with tf ops, stacked. */
function opByOp(dist: EpisodeDistribution, seed: number, size: number): void {
  const batch = dist.sampleBatch(makeKey(seed), size); // reuse the choice of classes and examples
  const info = batch.info!;
  tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
  const data = loadOmniglot();
  tf.tidy(() => {
    const episodes = info.map((episode) => {
      const classes = episode.classes as number[];
      const images = classes.map((c, n) => {
        const img = tf.tensor(data.pixels.subarray(c * 20 * 784, c * 20 * 784 + 784), [28, 28, 1], 'float32');
        const quarter = (episode.rotations as number[])[n] / 90;
        let out: tf.Tensor = img;
        for (let q = 0; q < quarter; q++) out = tf.reverse(tf.transpose(out, [1, 0, 2]), 0);
        return out;
      });
      return tf.stack(images);
    });
    const x = tf.stack(episodes);
    x.dataSync();
  });
}

async function main(): Promise<void> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')), '/'));
  }
  await tf.setBackend(backend);
  await tf.ready();
  const t0 = performance.now();
  loadOmniglot();
  const loadMs = +(performance.now() - t0).toFixed(1);

  const fiveWay = omniglot({ ways: 5, shots: 1, queryShots: 15, rotations: true });
  const twentyWay = omniglot({ ways: 20, shots: 1, queryShots: 5, rotations: true });
  const sines = sinusoid({ shots: 10 });
  let seed = 0;
  const sample = (dist: { sampleBatch(k: ReturnType<typeof makeKey>, n: number): { support: { x: tf.Tensor; y: tf.Tensor }; query: { x: tf.Tensor; y: tf.Tensor } } }, size: number) => () => {
    const b = dist.sampleBatch(makeKey(seed++), size);
    tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y]);
  };
  const omniglot5w1s = time(sample(fiveWay, 32));
  const omniglot5w1sNoQuery = time(sample(omniglot({ ways: 5, shots: 1, queryShots: 1, rotations: true }), 32));
  const omniglot20w1s = time(sample(twentyWay, 16));
  const sine25 = time(sample(sines, 25));
  const opByOpSupport5w1s = time(() => opByOp(fiveWay, seed++, 32));

  // One forward + backward pass of conv4 over the 32 x 5 support images: a lower bound of one
  // MAML meta-step (which needs at least inner forward/backward + query forward/backward).
  let conv4FwdBwd: number | null = null;
  if (typeof nn?.conv4 === 'function') {
    const model = nn.conv4({ outputs: 5 });
    const params = model.init(makeKey(1));
    const batch = fiveWay.sampleBatch(makeKey(0), 32);
    const x = tf.reshape(batch.support.x, [160, 28, 28, 1]);
    const labels = tf.oneHot(tf.reshape(batch.support.y, [160]), 5, 1, 0, 'float32');
    const paths = leaves(params).map(([path]) => path);
    const lossOf = tf.grads((...ts: tf.Tensor[]) => {
      const byPath = new Map(paths.map((p, i) => [p, ts[i]]));
      return tf.losses.softmaxCrossEntropy(labels, model.apply(mapParams(params, (_t, path) => byPath.get(path)!), x)) as tf.Scalar;
    });
    const initial = leaves(params).map(([, t]) => t);
    conv4FwdBwd = time(() => {
      tf.tidy(() => {
        const grads = lossOf(initial);
        grads[0].dataSync();
      });
    }, 3);
  }
  // The peers' fixed evaluation set (500 tasks, K = 10), fed through sinusoidTasksFromArrays.
  const evalFile = new URL('../../../../shared/peers/data/sine_eval_tasks.json', import.meta.url);
  let peersEvalSet: Record<string, unknown> | null = null;
  if (existsSync(evalFile)) {
    const json = JSON.parse(readFileSync(evalFile, 'utf8')) as { amp: number[]; phase: number[]; x_support: number[][]; x_query: number[][] };
    const arrays = { amp: json.amp, phase: json.phase, xSupport: json.x_support, xQuery: json.x_query };
    const buildMs = time(() => {
      const b = sinusoidTasksFromArrays(arrays);
      tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y]);
    });
    const b = sinusoidTasksFromArrays(arrays);
    const y0 = b.support.y.dataSync()[0];
    peersEvalSet = { shape: b.support.x.shape, buildMs, task0Point0: { y: y0, expected: json.amp[0] * Math.sin(json.x_support[0][0] - json.phase[0]) } };
    tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y]);
  }
  console.log(
    JSON.stringify({
      bench: 'tasks/sampling',
      backend,
      runs,
      note: 'medians in ms; the machine is shared with other engineers, so timings are noisy',
      omniglotLoadAndVerifyMs: loadMs,
      omniglot5way1shotQ15Batch32Ms: omniglot5w1s,
      omniglot5way1shotQ1Batch32Ms: omniglot5w1sNoQuery,
      omniglot20way1shotQ5Batch16Ms: omniglot20w1s,
      sinusoidK10Batch25Ms: sine25,
      opByOpSupportOnly5way1shotBatch32Ms: opByOpSupport5w1s,
      speedupVsOpByOpSupportOnly: +(opByOpSupport5w1s / omniglot5w1sNoQuery).toFixed(2),
      conv4ForwardBackward160ImagesMs: conv4FwdBwd,
      conv4Runs: 3,
      peersEvalSet,
      samplingOverConv4FwdBwd: conv4FwdBwd ? +(omniglot5w1s / conv4FwdBwd).toFixed(3) : null,
    }),
  );
}

void main();
