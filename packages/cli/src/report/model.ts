import type { ParamValue, SearchSpace } from '@metatune/core';

/** One trial as the report shows it. */
export interface ReportTrial {
  readonly number: number;
  readonly state: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** First objective value of COMPLETE trials. */
  readonly value?: number;
  readonly durationMs?: number;
  readonly error?: string;
}

/** One study. */
export interface ReportStudy {
  readonly name: string;
  readonly direction: 'minimize' | 'maximize';
  readonly space: SearchSpace;
  readonly trials: readonly ReportTrial[];
  /** Free-form facts shown under the heading (sampler, storage, objective). */
  readonly facts?: Readonly<Record<string, string>>;
}

/** A regression task before and after adaptation, for the meta-training section. */
export interface AdaptationExample {
  readonly title: string;
  /** Dense grid for the curves. */
  readonly x: readonly number[];
  readonly truth: readonly number[];
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly supportX: readonly number[];
  readonly supportY: readonly number[];
}

/** A meta-training run. */
export interface ReportMetaRun {
  readonly name: string;
  readonly train: readonly { step: number; loss: number }[];
  readonly validation: readonly { step: number; loss: number; ci95?: number }[];
  readonly examples?: readonly AdaptationExample[];
  readonly facts?: Readonly<Record<string, string>>;
}

/** Everything a report shows. */
export interface ReportData {
  readonly title: string;
  readonly generatedAt: string;
  readonly studies: readonly ReportStudy[];
  readonly metaRuns: readonly ReportMetaRun[];
}
