import { MetatuneError, type JsonValue, type ParamValues, type TrialRecord } from '@metatune/core';

/** Thrown from an objective (or by `trial.prune()`) to end the trial as PRUNED. */
export class TrialPruned extends Error {
  constructor(message = 'pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}

/** What a {@link Trial} calls back into; implemented by the study. */
export interface TrialOwner {
  report(trial: Trial, step: number, value: number): Promise<void>;
  shouldPrune(trial: Trial): Promise<boolean>;
  setTrialUserAttr(trial: Trial, key: string, value: JsonValue): Promise<void>;
}

/** A running trial as an objective sees it. */
export class Trial {
  /** Intermediate values reported so far, by step. */
  readonly intermediate: Record<number, number> = {};
  /** Whether this trial is finished (told). */
  finished = false;

  constructor(
    private readonly owner: TrialOwner,
    /** The stored record when the trial started. */
    readonly record: TrialRecord,
  ) {
    Object.assign(this.intermediate, record.intermediate);
  }

  /** Storage-wide id. */
  get id(): number {
    return this.record.id;
  }

  /** 0-based number in the study. */
  get number(): number {
    return this.record.number;
  }

  /** The configuration to evaluate. */
  get params(): ParamValues {
    return this.record.params;
  }

  /** Records an intermediate value (a learning-curve point) at `step`. */
  report(step: number, value: number): Promise<void> {
    if (!Number.isInteger(step) || step < 0) throw new MetatuneError('INVALID_ARGUMENT', `a report step must be a non-negative integer, got ${step}`);
    if (!Number.isFinite(value)) throw new MetatuneError('NON_FINITE', `trial ${this.number} reported ${value} at step ${step}`, { hint: 'report finite values only' });
    return this.owner.report(this, step, value);
  }

  /** Asks the study's pruner whether this trial should stop now. */
  shouldPrune(): Promise<boolean> {
    return this.owner.shouldPrune(this);
  }

  /** Ends the objective here; the trial becomes PRUNED. */
  prune(message?: string): never {
    throw new TrialPruned(message);
  }

  /** Stores a user attribute on the trial. */
  setUserAttr(key: string, value: JsonValue): Promise<void> {
    return this.owner.setTrialUserAttr(this, key, value);
  }
}
