/**
 * Forward + backward of the MAML sine model (MLP 1-40-40-1, ReLU) on a meta-batch of T tasks of
 * N points each: one task-batched graph (params with a leading task axis, one batched matMul per
 * layer) against a loop over tasks, on cpu and wasm, with the ratio measured in one run.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/core/mlp-batched.bench.ts [--full] [--runs=N] [--tasks=25] [--points=10] [--backends=cpu,wasm]
 *
 * Both variants compute the same thing: per-task params (as after MAML's inner loop), the
 * loss of each task and its gradient with respect to that task's params. The bench checks that
 * the batched gradients equal the per-task ones before timing.
 */
import { initBackend, type BackendName } from '@metatune/backends';
import { losses, makeKey, nn, tf, valueAndGrad, type Params } from '@metatune/core';
import { environmentInfo, intFlag, listFlag, measurePair, parseFlags, printResult, round, roundSummary } from '../lib';

const flags = parseFlags();
const runs = intFlag(flags, 'runs', flags.full ? 21 : 9);
const tasks = intFlag(flags, 'tasks', 25);
const points = intFlag(flags, 'points', 10);
const backends = listFlag(flags, 'backends', ['cpu', 'wasm']) as BackendName[];
const SIZES = [1, 40, 40, 1];

const model = nn.mlp(SIZES, { activation: 'relu' });

function leavesOf(p: Params): tf.Tensor[] {
  return Object.values(p).flatMap((v) => (v instanceof tf.Tensor ? [v] : leavesOf(v as Params)));
}

async function benchBackend(name: BackendName) {
  await initBackend(name);
  const shared = model.init(makeKey(0));
  const batched = tf.tidy(() => nn.batchParams(shared, tasks));
  const perTask = Array.from({ length: tasks }, (_, t) => tf.tidy(() => Object.fromEntries(Object.entries(batched).map(([k, layer]) => [k, Object.fromEntries(Object.entries(layer as Params).map(([n, w]) => [n, tf.gather(w as tf.Tensor, t)]))])) as Params));
  const x = tf.randomUniform([tasks, points, 1], -5, 5, 'float32', 7);
  const phase = tf.randomUniform([tasks, 1, 1], 0, Math.PI, 'float32', 8);
  const y = tf.tidy(() => tf.mul(tf.sin(tf.add(x, phase)), 2));
  const xs = tf.unstack(x);
  const ys = tf.unstack(y);

  const batchedStep = valueAndGrad((p: Params) => tf.sum(losses.mseBatched(model.apply(p, x), y)) as tf.Scalar);
  const taskStep = (t: number) => valueAndGrad((p: Params) => losses.mse(model.apply(p, xs[t]), ys[t]));
  const taskSteps = Array.from({ length: tasks }, (_, t) => taskStep(t));

  // Same numbers both ways: gradient of task t's loss w.r.t. task t's params.
  const check = tf.tidy(() => {
    const b = batchedStep(batched);
    let maxDiff = 0;
    let lossDiff = 0;
    let sumLoop = 0;
    for (let t = 0; t < tasks; t++) {
      const l = taskSteps[t](perTask[t]);
      sumLoop += l.value.dataSync()[0];
      const gb = leavesOf(b.grads).map((g) => tf.gather(g, t));
      leavesOf(l.grads).forEach((g, i) => {
        maxDiff = Math.max(maxDiff, tf.max(tf.abs(tf.sub(g, gb[i]))).dataSync()[0]);
      });
    }
    lossDiff = Math.abs(sumLoop - b.value.dataSync()[0]);
    return { maxGradAbsDiff: maxDiff, lossAbsDiff: lossDiff };
  });

  const countOps = (fn: () => void) => {
    let kernels = 0;
    const engine = tf.engine() as unknown as { runKernel: (...a: unknown[]) => unknown };
    const original = engine.runKernel;
    engine.runKernel = function (this: unknown, ...a: unknown[]) {
      kernels++;
      return original.apply(this, a);
    };
    try {
      fn();
    } finally {
      engine.runKernel = original;
    }
    return kernels;
  };

  const runBatched = () => {
    const r = batchedStep(batched);
    r.value.dataSync();
    tf.dispose(r as unknown as tf.TensorContainer);
  };
  const runLoop = () => {
    const all = tf.tidy(() => {
      const vals = [];
      for (let t = 0; t < tasks; t++) {
        const r = taskSteps[t](perTask[t]);
        vals.push(r.value);
      }
      return tf.stack(vals);
    });
    all.dataSync();
    all.dispose();
  };
  const before = tf.memory().numTensors;
  const kernelsBatched = countOps(runBatched);
  const kernelsLoop = countOps(runLoop);
  const pair = await measurePair(runBatched, runLoop, { warmup: 3, runs });
  const leaked = tf.memory().numTensors - before;
  tf.dispose([shared, batched, perTask, x, phase, y, xs, ys] as unknown as tf.TensorContainer);
  return {
    batchedMs: roundSummary(pair.a),
    loopMs: roundSummary(pair.b),
    loopOverBatched: roundSummary(pair.ratio, 3),
    kernels: { batched: kernelsBatched, loop: kernelsLoop },
    check: { maxGradAbsDiff: round(check.maxGradAbsDiff, 3), lossAbsDiff: round(check.lossAbsDiff, 3) },
    tensorsLeaked: leaked,
  };
}

const results: Record<string, unknown> = {};
for (const name of backends) results[name] = await benchBackend(name);

printResult({
  bench: 'core/mlp-batched',
  environment: environmentInfo({ tfjs: tf.version_core }),
  settings: { model: `mlp ${SIZES.join('-')} relu`, tasks, points, runs, backends, loss: 'mse per task, summed over tasks' },
  results,
  notes: [
    'forward + backward (valueAndGrad) of one meta-batch; loopOverBatched is the median (p10, p90) of loop/batched over back-to-back pairs; > 1 means the batched graph is faster',
    'kernels counts tfjs kernel launches of one call (forward and backward)',
    'the machine is shared with other jobs: compare ratios from one run, not absolute times',
  ],
});
