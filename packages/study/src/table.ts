import type { ParamValue, TrialRecord, TrialState } from '@metatune/core';

/** One flat row per trial, for tables and CSV reports. */
export interface TrialRow {
  readonly number: number;
  readonly state: TrialState;
  /** `value` for one objective, `value_0`, `value_1`, ... for several; `params_<name>` per parameter. */
  readonly [column: string]: number | string | boolean | undefined;
  readonly durationMs?: number;
  readonly error?: string;
}

/** Flattens trials into rows with one column per value and per parameter. */
export function trialsTable(trials: readonly TrialRecord[], objectives: number): TrialRow[] {
  return trials.map((t) => {
    const row: Record<string, number | string | boolean | undefined> = { number: t.number, state: t.state };
    if (objectives === 1) row.value = t.values?.[0];
    else for (let i = 0; i < objectives; i++) row[`value_${i}`] = t.values?.[i];
    for (const [k, v] of Object.entries(t.params)) row[`params_${k}`] = v as ParamValue;
    if (t.startedAt !== undefined && t.finishedAt !== undefined) row.durationMs = t.finishedAt - t.startedAt;
    if (t.error !== undefined) row.error = t.error;
    return row as TrialRow;
  });
}
