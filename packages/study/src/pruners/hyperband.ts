import { MetatuneError, type Direction, type Pruner, type TrialHistory, type TrialRecord } from '@metatune/core';
import { SuccessiveHalvingPruner } from './successive-halving';

/** Options of {@link HyperbandPruner}. */
export interface HyperbandOptions {
  /** Steps before the first rung of the most aggressive bracket (default 1). */
  readonly minResource?: number;
  /** Steps of a full trial (required). */
  readonly maxResource: number;
  /** Default 3. */
  readonly reductionFactor?: number;
}

/**
 * Hyperband (Li et al. 2018) on asynchronous successive halving: brackets with increasing first
 * rungs (early-stopping rates 0..s_max); a trial's bracket is fixed by its number, with brackets
 * weighted by their budgets as in Optuna, and trials compete only within their bracket.
 */
export class HyperbandPruner implements Pruner {
  readonly name = 'hyperband';
  private readonly brackets: SuccessiveHalvingPruner[];
  private readonly cumulative: number[];

  constructor(options: HyperbandOptions) {
    const min = options.minResource ?? 1;
    const eta = options.reductionFactor ?? 3;
    if (!(options.maxResource > min)) throw new MetatuneError('INVALID_ARGUMENT', `maxResource (${options.maxResource}) must exceed minResource (${min})`);
    const count = Math.floor(Math.log(options.maxResource / min) / Math.log(eta) + 1e-9) + 1;
    const budgets: number[] = [];
    for (let s = 0; s < count; s++) budgets.push(Math.ceil(((count) / (count - s)) * eta ** (count - 1 - s)));
    const total = budgets.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.cumulative = budgets.map((b) => (acc += b) / total);
    this.brackets = budgets.map((_, s) => new SuccessiveHalvingPruner({ minResource: min, reductionFactor: eta, minEarlyStoppingRate: s }, (a, b) => this.bracketOf(a) === this.bracketOf(b)));
  }

  /** Number of brackets. */
  get bracketCount(): number {
    return this.brackets.length;
  }

  /** The bracket of a trial: a deterministic hash of its number, weighted by bracket budgets. */
  bracketOf(trial: Pick<TrialRecord, 'number'>): number {
    // an integer hash (murmur3 finaliser) spreads consecutive numbers over the brackets
    let h = trial.number >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    const u = ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
    const i = this.cumulative.findIndex((c) => u < c);
    return i < 0 ? this.cumulative.length - 1 : i;
  }

  shouldPrune(trial: TrialRecord, history: TrialHistory, direction: Direction): boolean {
    return this.brackets[this.bracketOf(trial)].shouldPrune(trial, history, direction);
  }
}
