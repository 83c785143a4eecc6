import { ConfigError } from '../config/load';
import type { TuneConfig } from '../config/schema';
import { runTune, type TuneRunOptions, loadTuneConfig } from './tune';

/** Flags of `metatune worker`. */
export interface WorkerFlags {
  readonly config?: string;
  readonly storage?: string;
  readonly study?: string;
  readonly objective?: string;
  readonly task?: string;
  readonly sampler?: string;
  readonly trials?: number;
}

/**
 * `metatune worker`: joins a study from another process or machine. Either `--config <file>` (the
 * tune config; `--storage`/`--study` override it), or `--storage --study` with `--task <name>` or
 * `--objective <module>`. Workers share the target: each stops once the study holds `trials` trials.
 */
export async function workerCommand(flags: WorkerFlags, options: TuneRunOptions): Promise<number> {
  let file = flags.config ?? '(command line)';
  let config: TuneConfig;
  if (flags.config) {
    config = await loadTuneConfig(flags.config);
    config = { ...config, study: { ...config.study, ...(flags.storage ? { storage: flags.storage } : {}), ...(flags.study ? { name: flags.study } : {}) }, ...(flags.trials ? { trials: flags.trials } : {}) };
  } else {
    if (!flags.storage || !flags.study) throw new ConfigError('worker needs --storage <url> and --study <name> (or --config <file>)');
    if (!flags.task && !flags.objective) throw new ConfigError('worker needs --task <name> or --objective <module> (or --config <file>)');
    file = '(command line)';
    config = {
      study: { name: flags.study, storage: flags.storage },
      objective: flags.task ? { task: flags.task } : { module: flags.objective as string },
      sampler: flags.sampler,
      trials: flags.trials ?? 100,
    };
  }
  return (await runTune(file, config, { ...options, join: true })).exitCode;
}
