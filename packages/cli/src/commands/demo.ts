import { join, resolve } from 'node:path';
import { openStorage } from '@metatune/study';
import type { TuneConfig } from '../config/schema';
import { EXIT } from '../exit-codes';
import type { EventWriter } from '../output/events';
import { runMetaTrain } from './meta-train';
import { buildStudyReport, writeReport } from './report';
import { runTune } from './tune';

/** Options of the demo. */
export interface DemoOptions {
  readonly dir: string;
  readonly writer: EventWriter;
  readonly signal?: AbortSignal;
  readonly backend?: string;
  /** A smaller run for tests. */
  readonly quick?: boolean;
}

/** Number of trials `bestHistory` needed to reach `target` (Infinity if never). */
export function trialsToReach(history: readonly { trial: number; value: number }[], target: number): number {
  return history.find((h) => h.value <= target)?.trial ?? Number.POSITIVE_INFINITY;
}

/**
 * The quick-start main job: meta-hyperparameter optimization on the embedded defaults (SQLite,
 * wasm). GP-BO tunes MAML's inner learning rate, inner steps and outer learning rate on 10-shot
 * sinusoids; then the related 5-shot problem is tuned twice, cold and warm-started from the
 * first study, and the demo prints how many trials each needed; finally MAML is meta-trained
 * with the best settings and everything goes into an HTML report. All of it stays in `dir`.
 */
export async function demoCommand(options: DemoOptions): Promise<number> {
  const { writer } = options;
  const dir = resolve(options.dir);
  const storage = `sqlite:${join(dir, 'studies.db')}`;
  const trials = options.quick ? 6 : 10;
  const metaIterations = options.quick ? 30 : 100;
  const task = (shots: number) => ({ task: 'maml-sine', options: { shots, metaIterations, metaBatch: 10, validationTasks: 100, seed: 0 } });
  const base = (name: string, shots: number, extra: Partial<TuneConfig['study']> = {}): TuneConfig => ({
    study: { name, storage, seed: 1, ...extra },
    objective: task(shots),
    sampler: { id: 'sampler:gp', options: {} },
    trials,
  });
  const run = (config: TuneConfig) => runTune('(demo)', config, { writer, signal: options.signal, backend: options.backend });

  writer.emit({ type: 'info', message: `metatune demo: everything goes to ${dir}` });
  writer.emit({ type: 'info', message: 'study 1: GP-BO tunes MAML (inner lr, inner steps, outer lr) on 10-shot sinusoids' });
  const source = await run(base('maml-sine-10shot', 10));
  writer.emit({ type: 'info', message: 'study 2: the related 5-shot problem, cold start' });
  const cold = await run(base('maml-sine-5shot-cold', 5));
  writer.emit({ type: 'info', message: 'study 3: the same 5-shot problem, warm-started from study 1' });
  const warm = await run(base('maml-sine-5shot-warm', 5, { warmStartFrom: ['maml-sine-10shot'] }));
  if (options.signal?.aborted) {
    writer.emit({ type: 'warning', message: 'interrupted: run `npm run demo` again to resume' });
    return EXIT.FAILED;
  }

  const target = cold.best ?? Number.POSITIVE_INFINITY;
  const coldTrials = trialsToReach(cold.bestHistory, target);
  const warmTrials = trialsToReach(warm.bestHistory, target);
  writer.emit({
    type: 'result',
    comparison: 'trials to reach the cold start final best on 5-shot sinusoids',
    target,
    cold: coldTrials,
    warm: warmTrials,
    source: source.best,
    warmBest: warm.best,
  });
  writer.emit({
    type: 'info',
    message: `cold start reached its best (${target.toPrecision(4)}) after ${coldTrials} trials; warm start ${Number.isFinite(warmTrials) ? `reached it after ${warmTrials}` : `did not reach it in ${trials} (its best: ${warm.best?.toPrecision(4)})`}`,
  });

  const store = await openStorage(storage);
  const best = (await store.getTrials((await store.getStudy('maml-sine-5shot-warm'))!.id, { states: ['COMPLETE'] })).sort((a, b) => (a.values?.[0] ?? Infinity) - (b.values?.[0] ?? Infinity))[0];
  await store.close();
  writer.emit({ type: 'info', message: `meta-training MAML on 5-shot sinusoids with the best settings ${JSON.stringify(best?.params)}` });
  const metaRun = await runMetaTrain(
    '(demo)',
    {
      name: 'maml-sine-5shot-best',
      learner: { id: 'metaLearner:maml', options: { model: { type: 'mlp', sizes: [1, 40, 40, 1] }, innerLr: Number(best?.params.innerLr ?? 0.01), innerSteps: Number(best?.params.innerSteps ?? 1), outerLr: Number(best?.params.outerLr ?? 0.001) } },
      task: { id: 'task:sinusoid', options: { shots: 5 } },
      steps: options.quick ? 50 : 600,
      batchSize: 25,
      validation: { every: options.quick ? 25 : 100, tasks: 100 },
      dir: join(dir, 'runs', 'maml-sine-5shot-best'),
      evaluation: { tasks: 200, steps: [0, 1, 5] },
    },
    { writer, signal: options.signal, backend: options.backend, resume: true },
  );
  const reportStore = await openStorage(storage);
  const out = await writeReport(join(dir, 'report'), await buildStudyReport(reportStore, ['maml-sine-10shot', 'maml-sine-5shot-cold', 'maml-sine-5shot-warm'], [metaRun.run]));
  await reportStore.close();
  writer.emit({ type: 'info', message: `report: ${join(out, 'index.html')}` });
  return EXIT.OK;
}
