import type { ParamValues, TrialHistory, TrialRecord } from '@metatune/core';

/** An in-memory `TrialHistory` for tests and benches that drive samplers directly. */
export class MemoryHistory implements TrialHistory {
  readonly trials: TrialRecord[] = [];

  get finishedCount(): number {
    return this.trials.filter((t) => t.state !== 'RUNNING' && t.state !== 'WAITING').length;
  }

  completed(limit?: number): readonly TrialRecord[] {
    const done = this.trials.filter((t) => t.state === 'COMPLETE');
    return limit === undefined ? done : done.slice(-limit);
  }

  best(): TrialRecord | undefined {
    return this.completed().reduce<TrialRecord | undefined>((b, t) => (b === undefined || (t.values![0] < b.values![0]) ? t : b), undefined);
  }

  since(fromNumber: number): readonly TrialRecord[] {
    return this.trials.filter((t) => t.number >= fromNumber);
  }

  /** Appends a finished trial; finish times follow the order of the calls. */
  add(params: ParamValues, value: number | undefined, state: TrialRecord['state'] = 'COMPLETE'): TrialRecord {
    const number = this.trials.length;
    const record: TrialRecord = {
      id: number + 1,
      number,
      state,
      params,
      values: value === undefined ? undefined : [value],
      intermediate: {},
      userAttrs: {},
      systemAttrs: {},
      finishedAt: number,
    };
    this.trials.push(record);
    return record;
  }
}
