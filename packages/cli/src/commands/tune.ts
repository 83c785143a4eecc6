import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PreviousStudy, Pruner, Sampler } from '@metatune/core';
import { type Study, createStudy, loadStudy, redactUrl } from '@metatune/study';
import { readConfigFile, validateConfig, ConfigError } from '../config/load';
import { createFromRef } from '../config/plugin-ref';
import { type TuneConfig, tuneConfigSchema } from '../config/schema';
import { EXIT } from '../exit-codes';
import { resolveObjective } from '../objective';
import type { EventWriter } from '../output/events';
import { loadPlugins } from '../plugins';
import { startBackend } from '../backend';
import { buildStudyReport, writeReport } from './report';

/** The default storage of the cli: an SQLite file in the working directory. */
export const CLI_DEFAULT_STORAGE = 'sqlite:./metatune.db';

/** Options of {@link runTune} besides the config. */
export interface TuneRunOptions {
  readonly writer: EventWriter;
  /** Aborting stops starting new trials; running ones finish and are stored. */
  readonly signal?: AbortSignal;
  readonly backend?: string;
  /** Join an existing study (a worker) instead of creating it. */
  readonly join?: boolean;
  /** Overrides the config's `trials` (the command line's `--trials`). */
  readonly trials?: number;
}

/** What a finished tune run reports. */
export interface TuneOutcome {
  readonly exitCode: number;
  readonly study: string;
  readonly best?: number;
  /** Number of trials (1-based) at which each new best was reached, for comparisons. */
  readonly bestHistory: { trial: number; value: number }[];
}

/** Loads and validates a tune config file. */
export async function loadTuneConfig(file: string): Promise<TuneConfig> {
  return validateConfig(file, await readConfigFile(file), tuneConfigSchema);
}

/** Loads earlier studies of the same storage for a sampler's warm start. */
async function previousStudies(study: Study, names: readonly string[], file: string): Promise<PreviousStudy[]> {
  const out: PreviousStudy[] = [];
  for (const name of names) {
    const record = await study.storage.getStudy(name);
    if (!record) throw new ConfigError(`${file}: study.warmStartFrom: no study "${name}" in this storage`);
    out.push({ study: record, trials: await study.storage.getTrials(record.id, { states: ['COMPLETE'] }) });
  }
  return out;
}

/** Runs (or resumes) the study a tune config describes. */
export async function runTune(file: string, config: TuneConfig, options: TuneRunOptions): Promise<TuneOutcome> {
  const { writer } = options;
  const registry = await loadPlugins(config.plugins ?? []);
  await startBackend(options.backend ?? config.backend ?? 'auto', writer);
  const objective = await resolveObjective(file, config, registry);
  const sampler = config.sampler ? (createFromRef(registry, file, 'sampler', 'sampler', config.sampler) as Sampler) : undefined;
  const pruner = config.pruner ? (createFromRef(registry, file, 'pruner', 'pruner', config.pruner) as Pruner) : undefined;
  const storage = config.study.storage ?? CLI_DEFAULT_STORAGE;
  if (storage.startsWith('sqlite:')) await mkdir(resolve(storage.slice('sqlite:'.length), '..'), { recursive: true });
  const runtime = { sampler, pruner, seed: config.study.seed ?? 0, log: (message: string) => writer.emit({ type: 'warning', message }) };
  const study = options.join
    ? await loadStudy({ ...runtime, name: config.study.name, storage })
    : await createStudy({ ...runtime, name: config.study.name, space: objective.space, direction: objective.direction, storage });
  // Several processes may share one target: every worker stops starting trials once the study
  // holds `config.trials` finished or running trials.
  const stop = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  try {
    if (config.study.warmStartFrom?.length) {
      if (!study.sampler.warmStart) throw new ConfigError(`${file}: study.warmStartFrom: sampler "${study.sampler.name}" cannot be warm-started`, 'use sampler gp, tpe or cmaes');
      study.sampler.warmStart(await previousStudies(study, config.study.warmStartFrom, file));
    }
    const finished = await study.countTrials(['COMPLETE', 'PRUNED', 'FAIL']);
    const remaining = Math.max(0, config.trials - finished);
    writer.emit({ type: 'study-start', study: config.study.name, storage: redactUrl(storage), trials: config.trials, resumedTrials: finished });
    const minimize = objective.direction === 'minimize';
    const better = (a: number, b: number | undefined) => b === undefined || (minimize ? a < b : a > b);
    let best = (await study.bestTrial())?.values?.[0];
    let done = finished;
    const bestHistory: { trial: number; value: number }[] = [];
    const summary = await study.optimize(
      async (trial) => {
        let value: number;
        try {
          value = await objective.evaluate(trial);
        } catch (error) {
          done++;
          writer.emit({ type: 'trial', study: config.study.name, number: trial.number, state: 'FAIL', error: (error as Error).message, best, done, total: config.trials });
          throw error;
        }
        done++;
        const ok = Number.isFinite(value);
        if (ok && better(value, best)) {
          best = value;
          bestHistory.push({ trial: trial.number + 1, value });
        }
        writer.emit({ type: 'trial', study: config.study.name, number: trial.number, state: ok ? 'COMPLETE' : 'FAIL', value: ok ? value : undefined, error: ok ? undefined : `objective returned ${value}`, best, done, total: config.trials });
        if ((await study.countTrials(['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING'])) >= config.trials) stop.abort();
        return value;
      },
      { trials: remaining, concurrency: config.concurrency ?? 1, timeoutMs: config.timeoutSeconds ? config.timeoutSeconds * 1000 : undefined, signal: stop.signal },
    );
    const bestTrial = await study.bestTrial();
    const counts = { complete: await study.countTrials(['COMPLETE']), failed: await study.countTrials(['FAIL']), pruned: await study.countTrials(['PRUNED']) };
    writer.emit({ type: 'study-end', study: config.study.name, best: bestTrial?.values?.[0], bestParams: bestTrial?.params, ...counts });
    if (config.report) {
      const out = await writeReport(config.report, await buildStudyReport(study.storage, [config.study.name, ...(config.study.warmStartFrom ?? [])]));
      writer.emit({ type: 'info', message: `report written to ${join(out, 'index.html')}` });
    }
    const failedAll = summary.completed === 0 && summary.failed > 0 && counts.complete === 0;
    return { exitCode: failedAll ? EXIT.FAILED : EXIT.OK, study: config.study.name, best: bestTrial?.values?.[0], bestHistory };
  } finally {
    await study.close();
  }
}

/** `metatune tune <config>`. */
export async function tuneCommand(file: string, options: TuneRunOptions): Promise<number> {
  const config = await loadTuneConfig(file);
  return (await runTune(file, options.trials ? { ...config, trials: options.trials } : config, options)).exitCode;
}

/** Writes a file, creating its directory. */
export async function writeText(path: string, text: string): Promise<void> {
  await mkdir(resolve(path, '..'), { recursive: true });
  await writeFile(path, text);
}
