import { describe, expect, it } from 'vitest';
import type { TrialHistory, TrialRecord } from '@metatune/core';
import { HyperbandPruner } from './hyperband';
import { MedianPruner, PercentilePruner, quantile } from './percentile';
import { SuccessiveHalvingPruner } from './successive-halving';

function trial(number: number, curve: number[], state: TrialRecord['state'] = 'COMPLETE'): TrialRecord {
  return { id: number, number, state, params: {}, intermediate: Object.fromEntries(curve.map((v, s) => [s, v])), userAttrs: {}, systemAttrs: {} };
}

function history(trials: TrialRecord[]): TrialHistory {
  const complete = trials.filter((t) => t.state === 'COMPLETE');
  return { finishedCount: trials.length, completed: (limit) => (limit ? complete.slice(-limit) : complete), best: () => undefined, since: (n) => trials.filter((t) => t.number >= n) };
}

describe('percentile and median pruners', () => {
  const done = [trial(0, [5, 4, 3]), trial(1, [6, 5, 4]), trial(2, [7, 6, 5]), trial(3, [8, 7, 6]), trial(4, [9, 8, 7])];

  it('quantile interpolates like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
  });

  it('prunes a trial worse than the median at its step, not one better, and waits for startup trials', () => {
    const median = new MedianPruner({ startupTrials: 5 });
    // median at step 1 is 6
    expect(median.shouldPrune(trial(9, [9, 6.5]), history(done), 'minimize')).toBe(true);
    expect(median.shouldPrune(trial(9, [9, 5.5]), history(done), 'minimize')).toBe(false);
    // the best value so far counts: 5.9 at step 0 beats the median 7 at step 0 and 6 at step 1
    expect(median.shouldPrune(trial(9, [5.9, 9]), history(done), 'minimize')).toBe(false);
    expect(new MedianPruner({ startupTrials: 6 }).shouldPrune(trial(9, [9, 9]), history(done), 'minimize')).toBe(false);
    expect(median.shouldPrune(trial(9, [9, 6.5]), history(done), 'maximize')).toBe(false);
    expect(median.shouldPrune(trial(9, [5, 5.5]), history(done), 'maximize')).toBe(true);
  });

  it('honours warm-up and percentile', () => {
    expect(new MedianPruner({ warmupSteps: 2 }).shouldPrune(trial(9, [99, 99]), history(done), 'minimize')).toBe(false);
    // the 25th percentile at step 1 is 5: 5.5 survives the median but not the 25th percentile
    expect(new PercentilePruner({ percentile: 25 }).shouldPrune(trial(9, [9, 5.5]), history(done), 'minimize')).toBe(true);
  });
});

describe('successive halving (ASHA)', () => {
  it('keeps the top 1/eta at each rung, deciding only when a rung is crossed', () => {
    const sh = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });
    expect([sh.rung(0), sh.rung(1), sh.rung(2)]).toEqual([1, 3, 9]);
    const others = [trial(0, [1, 1]), trial(1, [1, 2]), trial(2, [1, 3]), trial(3, [1, 4]), trial(4, [1, 5])];
    // at rung 1 (step 1) the values are 1..5 plus ours; top third of 6 = 2 trials (1 and 2)
    expect(sh.shouldPrune(trial(9, [0, 1.5]), history(others), 'minimize')).toBe(false);
    expect(sh.shouldPrune(trial(9, [0, 2.5]), history(others), 'minimize')).toBe(true);
    // step 2 is between rungs: no decision
    expect(sh.shouldPrune(trial(9, [0, 2.5, 9]), history(others), 'minimize')).toBe(false);
    // the first trial at a rung is always promoted (asynchronous: nobody waits)
    expect(sh.shouldPrune(trial(9, [5, 5]), history([]), 'minimize')).toBe(false);
  });
});

describe('hyperband', () => {
  it('has brackets with increasing first rungs, assigns trials deterministically and across brackets', () => {
    const hb = new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 });
    expect(hb.bracketCount).toBe(4);
    const counts = new Array(4).fill(0);
    for (let n = 0; n < 2000; n++) counts[hb.bracketOf({ number: n })]++;
    expect(counts.every((c) => c > 100)).toBe(true);
    expect(hb.bracketOf({ number: 17 })).toBe(hb.bracketOf({ number: 17 }));
    // bracket 0 is the most aggressive: its budget share is the largest
    expect(counts[0]).toBeGreaterThan(counts[3]);
  });
});
