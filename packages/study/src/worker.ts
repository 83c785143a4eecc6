import type { Storage } from '@metatune/core';
import { loadStudy, type Objective, type OptimizeOptions, type OptimizeSummary, type StudyRuntimeOptions } from './study';

/** Options of {@link runWorker}. */
export interface WorkerOptions extends StudyRuntimeOptions, OptimizeOptions {
  /** The storage (or its URL) holding the study. */
  readonly storage: Storage | string;
  /** Name of an existing study. */
  readonly study: string;
  readonly objective: Objective;
}

/**
 * The entry point of a worker process (the CLI wraps it as `metatune worker`): opens the study in
 * the shared storage and runs trials until the stopping rule, alongside any number of other
 * workers. A URL storage is opened and closed here; a Storage object is left open.
 *
 * @example
 * await runWorker({ storage: 'postgres://tuner@db/studies', study: 'lr-sweep', objective, trials: 50 });
 */
export async function runWorker(options: WorkerOptions): Promise<OptimizeSummary> {
  const study = await loadStudy({ ...options, name: options.study });
  try {
    return await study.optimize(options.objective, options);
  } finally {
    await study.close();
  }
}
