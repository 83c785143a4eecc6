/**
 * Benchmark: one conv4 meta-step on Omniglot (the per-task path) on the wasm backend, with the
 * kernels `initBackend('wasm')` installs against tfjs-backend-wasm's own, interleaved. 20-way
 * 1-shot, 1 query per class, 5 inner SGD steps (lr 0.1), conv4 with 32 filters and batch norm,
 * first- and second-order MAML, 2 tasks per meta-step; reports ms per task. Then ANIL (second
 * order, metatune's kernels) with conv4's body/head split, i.e. the body run once per task, against
 * the same model with the split hidden (the whole model in every inner step), interleaved.
 *
 *   npm run build
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/maml/conv4-speed.bench.ts [--runs=5] [--ways=20] [--norm=batch|layer]
 */
import {
  initBackend,
  removeWasmConvFilterGrad,
  restoreWasmBatchMatMul,
  restoreWasmConvInputGrad,
  restoreWasmCopyingKernels,
  restoreWasmSum,
  shareWasmBuffers,
  useConvInputGradByConv,
  useSimdBatchMatMul,
  useSimdSum,
  useWasmConvFilterGrad,
} from '@metatune/backends';
import { makeKey, nn, tf } from '@metatune/core';
import { anil, fomaml, maml } from '@metatune/maml';
import { loadOmniglot, omniglot } from '@metatune/tasks';
import { environmentInfo, intFlag, parseFlags, printResult, roundSummary, summarize } from '../lib';

const flags = parseFlags();
const runs = intFlag(flags, 'runs', 5);
const ways = intFlag(flags, 'ways', 20);
const norm = (flags.values.norm ?? 'batch') as 'batch' | 'layer';
const TASKS = 2;

const metatuneKernels = () => {
  shareWasmBuffers();
  useSimdBatchMatMul();
  useConvInputGradByConv();
  useWasmConvFilterGrad();
  useSimdSum();
};
const stockKernels = () => {
  restoreWasmCopyingKernels();
  restoreWasmBatchMatMul();
  restoreWasmConvInputGrad();
  removeWasmConvFilterGrad();
  restoreWasmSum();
};

await initBackend('wasm');
const data = loadOmniglot();
const episodes = omniglot({ data, ways, shots: 1, queryShots: 1, rotations: true });
const batch = episodes.sampleBatch(makeKey(1), TASKS);
const results: Record<string, unknown> = {};
for (const [name, make] of [['fomaml', fomaml], ['maml', maml]] as const) {
  const learner = make({ model: nn.conv4({ outputs: ways, filters: 32, norm }), innerSteps: 5, innerLr: 0.1, outerLr: 1e-3 });
  let state = learner.init(makeKey(0));
  const step = (install: () => void) => {
    install();
    state = learner.metaStep(state, batch).state; // untimed: the first step after a swap
    const start = performance.now();
    state = learner.metaStep(state, batch).state;
    return (performance.now() - start) / TASKS;
  };
  const stock: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < runs; r++) {
    stock.push(step(stockKernels));
    ours.push(step(metatuneKernels));
  }
  metatuneKernels();
  learner.disposeState(state);
  results[name] = {
    stockMsPerTask: roundSummary(summarize(stock)),
    metatuneMsPerTask: roundSummary(summarize(ours)),
    metatuneOverStock: roundSummary(summarize(ours.map((v, i) => v / stock[i]!))),
  };
}

{
  const conv = nn.conv4({ outputs: ways, filters: 32, norm });
  // The same module without its `head`: ANIL then runs the whole model in every inner step.
  const whole: nn.Module = { init: (key) => conv.init(key), apply: (params, x) => conv.apply(params, x) };
  const options = { innerSteps: 5, innerLr: 0.1, outerLr: 1e-3 };
  const learners = { split: anil({ model: conv, ...options }), whole: anil({ model: whole, ...options }) };
  let state = learners.split.init(makeKey(0));
  const step = (which: 'split' | 'whole') => {
    state = learners[which].metaStep(state, batch).state; // untimed: the first step after a swap
    const start = performance.now();
    state = learners[which].metaStep(state, batch).state;
    return (performance.now() - start) / TASKS;
  };
  const split: number[] = [];
  const wholeMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    wholeMs.push(step('whole'));
    split.push(step('split'));
  }
  learners.split.disposeState(state);
  results.anil = {
    wholeModelMsPerTask: roundSummary(summarize(wholeMs)),
    bodyOnceMsPerTask: roundSummary(summarize(split)),
    bodyOnceOverWholeModel: roundSummary(summarize(split.map((v, i) => v / wholeMs[i]!))),
  };
}
tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);

printResult({
  bench: 'maml/conv4-speed',
  environment: environmentInfo({ tfjs: tf.version_core, backend: 'wasm' }),
  settings: { runs, ways, shots: 1, queries: 1, innerSteps: 5, innerLr: 0.1, filters: 32, norm, tasksPerMetaStep: TASKS },
  results,
  notes: [
    `ms per task of a meta-step; interleaved pairs (tfjs kernels, metatune kernels); ${TASKS} tasks per step`,
    'anil: second order with metatune kernels; interleaved pairs (the whole model in every inner step, the body once per task)',
  ],
});
