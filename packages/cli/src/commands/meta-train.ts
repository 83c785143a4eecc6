import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type MetaLearner, type Params, type TaskDistribution, foldIn, makeKey, tf, training } from '@metatune/core';
import { readConfigFile, validateConfig } from '../config/load';
import { createFromRef } from '../config/plugin-ref';
import { type MetaTrainConfig, metaTrainConfigSchema } from '../config/schema';
import { EXIT } from '../exit-codes';
import type { EventWriter } from '../output/events';
import { loadPlugins } from '../plugins';
import { CurveLog } from './curve-log';
import { startBackend } from '../backend';
import type { AdaptationExample, ReportMetaRun } from '../report';

/** A learner whose model can predict, for before/after-adaptation plots (the MAML family and Reptile). */
interface PredictingLearner {
  readonly options?: { readonly model?: { apply(params: Params, x: tf.Tensor): tf.Tensor } };
}

/** Options of {@link runMetaTrain}. */
export interface MetaTrainRunOptions {
  readonly writer: EventWriter;
  readonly resume?: boolean;
  readonly signal?: AbortSignal;
  readonly backend?: string;
}

/** Result of a meta-training run. */
export interface MetaTrainOutcome {
  readonly exitCode: number;
  readonly dir: string;
  readonly run: ReportMetaRun;
  readonly test?: { readonly steps: number; readonly loss: number; readonly ci95: number }[];
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(value, null, 1));
  await rename(`${path}.tmp`, path);
}

/** Before/after adaptation on a few held-out regression tasks, for the report. */
function adaptationExamples<S>(learner: MetaLearner<S>, state: S, test: TaskDistribution, count: number, steps: number, seed: number): AdaptationExample[] {
  const model = (learner as unknown as PredictingLearner).options?.model;
  if (!model || test.kind !== 'regression' || test.inputShape.length !== 1 || test.inputShape[0] !== 1) return [];
  const examples: AdaptationExample[] = [];
  const params = learner.params(state);
  for (let i = 0; i < count; i++) {
    const task = test.sample(foldIn(makeKey(seed), 9000 + i));
    const supportX = Array.from(task.support.x.dataSync());
    const supportY = Array.from(task.support.y.dataSync());
    const queryX = Array.from(task.query.x.dataSync());
    const lo = Math.min(...supportX, ...queryX);
    const hi = Math.max(...supportX, ...queryX);
    const grid = Array.from({ length: 100 }, (_, j) => lo + ((hi - lo) * j) / 99);
    const adapted = learner.adapt(params, task.support, { steps });
    const predict = (p: Params) => tf.tidy(() => Array.from(model.apply(p, tf.tensor2d(grid, [grid.length, 1])).dataSync()));
    const info = task.info as { amplitude?: number; phase?: number } | undefined;
    const truth = info?.amplitude !== undefined && info.phase !== undefined ? grid.map((x) => (info.amplitude as number) * Math.sin(x - (info.phase as number))) : grid.map(() => Number.NaN);
    examples.push({ title: `held-out task ${i + 1}: ${steps} step(s) on ${supportX.length} points`, x: grid, truth, before: predict(params), after: predict(adapted), supportX, supportY });
    for (const t of [task.support.x, task.support.y, task.query.x, task.query.y]) t.dispose();
    tf.dispose(Object.values(flatten(adapted)));
  }
  return examples;
}

function flatten(p: Params, out: Record<string, tf.Tensor> = {}, prefix = ''): Record<string, tf.Tensor> {
  for (const [k, v] of Object.entries(p)) {
    if (v instanceof tf.Tensor) out[prefix + k] = v;
    else flatten(v, out, `${prefix}${k}/`);
  }
  return out;
}

/** Meta-trains the learner a config describes, with validation, checkpoints and resume. */
export async function runMetaTrain(file: string, config: MetaTrainConfig, options: MetaTrainRunOptions): Promise<MetaTrainOutcome> {
  const { writer } = options;
  const registry = await loadPlugins(config.plugins ?? []);
  await startBackend(options.backend ?? config.backend ?? 'auto', writer);
  const learner = createFromRef(registry, file, 'learner', 'metaLearner', config.learner) as MetaLearner<unknown>;
  const distribution = createFromRef(registry, file, 'task', 'task', config.task.options ? { id: config.task.id, options: config.task.options } : config.task.id) as TaskDistribution;
  const dir = resolve(config.dir ?? join('metatune-runs', config.name));
  await mkdir(dir, { recursive: true });
  const seed = config.seed ?? 0;
  const run: { name: string; train: { step: number; loss: number }[]; validation: { step: number; loss: number; ci95?: number }[]; examples?: AdaptationExample[]; facts: Record<string, string> } = {
    name: config.name,
    train: [],
    validation: [],
    facts: { learner: typeof config.learner === 'string' ? config.learner : config.learner.id, task: config.task.id, steps: String(config.steps), 'meta-batch': String(config.batchSize), seed: String(seed) },
  };
  const logEvery = Math.max(1, Math.floor(config.steps / 200));
  const curve = await CurveLog.open(join(dir, 'curve.jsonl'), options.resume ?? false);
  // The loop reports 'resumed' before any step; a run that finds no checkpoint starts at step 0.
  let started = false;
  const result = await training.runMetaTraining({
    learner,
    distribution: distribution.withSplit('train'),
    steps: config.steps,
    batchSize: config.batchSize,
    key: makeKey(seed),
    validation: config.validation ? { ...config.validation, distribution: distribution.withSplit('validation') } : undefined,
    earlyStopping: config.earlyStopping,
    checkpoint: { dir: join(dir, 'checkpoint'), every: config.checkpointEvery ?? Math.max(1, Math.floor(config.steps / 10)), resume: options.resume ?? false },
    logEvery,
    onEvent: async (event) => {
      if (!started && event.type !== 'resumed') await curve.truncateTo(0);
      started = true;
      if (event.type === 'step') {
        const loss = event.metrics.loss ?? Number.NaN;
        await curve.record({ kind: 'train', step: event.step, loss });
        writer.emit({ type: 'meta-step', run: config.name, step: event.step, steps: config.steps, loss });
      } else if (event.type === 'validation') {
        const estimate = Object.values(event.result.loss)[0];
        await curve.record({ kind: 'validation', step: event.step, loss: event.value, ci95: estimate?.ci95 });
        writer.emit({ type: 'meta-eval', run: config.name, step: event.step, loss: event.value, ci95: estimate?.ci95 ?? Number.NaN });
      } else if (event.type === 'resumed') {
        await curve.truncateTo(event.step);
        writer.emit({ type: 'info', message: `resumed ${config.name} from step ${event.step}` });
      }
      if (options.signal?.aborted) throw new Error('interrupted');
    },
  });
  run.train = curve.train();
  run.validation = curve.validation();
  const evaluation = config.evaluation ?? { tasks: 100, steps: [0, 1, 10] };
  const test = learner.evaluate(result.state, distribution.withSplit('test'), { ...evaluation, key: foldIn(makeKey(seed), 7777) });
  const testRows = Object.entries(test.loss).map(([steps, e]) => ({ steps: Number(steps), loss: e.mean, ci95: e.ci95 }));
  for (const row of testRows) run.facts[`meta-test loss after ${row.steps} step(s)`] = `${row.loss.toPrecision(4)} ± ${row.ci95.toPrecision(2)}`;
  run.examples = adaptationExamples(learner, result.state, distribution.withSplit('test'), 3, Math.max(...evaluation.steps), seed);
  await writeJsonAtomic(join(dir, 'run.json'), run);
  writer.emit({ type: 'result', run: config.name, test: testRows, dir });
  learner.disposeState(result.state);
  return { exitCode: EXIT.OK, dir, run, test: testRows };
}

/** `metatune meta-train <config> [--resume]`. */
export async function metaTrainCommand(file: string, options: MetaTrainRunOptions): Promise<number> {
  const config = validateConfig(file, await readConfigFile(file), metaTrainConfigSchema);
  return (await runMetaTrain(file, config, options)).exitCode;
}
