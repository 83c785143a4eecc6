import { describe, expect, it } from 'vitest';
import { categorical, defineSpace, float, int, makeKey, type TrialHistory, type TrialRecord } from '@metatune/core';
import { GridSampler, SearchExhausted, enumerateGrid } from './grid';

const space = defineSpace({
  opt: categorical(['sgd', 'adam']),
  momentum: float(0, 0.9, { step: 0.45, when: { parent: 'opt', values: ['sgd'] } }),
  layers: int(1, 3),
});

function history(trials: Partial<TrialRecord>[]): TrialHistory {
  const full = trials.map((t, i) => ({ id: i, number: i, state: 'COMPLETE', intermediate: {}, userAttrs: {}, systemAttrs: {}, params: {}, ...t }) as TrialRecord);
  return { finishedCount: full.length, completed: () => full, best: () => undefined, since: (n) => full.filter((t) => t.number >= n) };
}

describe('grid', () => {
  it('enumerates the product, dropping inactive parameters and their duplicates', () => {
    const grid = enumerateGrid(space);
    // sgd: 3 momenta x 3 layers; adam: 3 layers (momentum inactive)
    expect(grid.length).toBe(12);
    expect(grid).toContainEqual({ opt: 'adam', layers: 2 });
    expect(grid).toContainEqual({ opt: 'sgd', momentum: 0.45, layers: 3 });
    expect(() => enumerateGrid(defineSpace({ x: float(0, 1) }))).toThrow(/give its values/);
    expect(enumerateGrid(defineSpace({ x: float(0, 1) }), { values: { x: [0, 0.5] } })).toEqual([{ x: 0 }, { x: 0.5 }]);
  });

  it('maps trial numbers to points, fills holes left by other trials, then runs out', () => {
    const sampler = new GridSampler();
    const small = defineSpace({ a: int(0, 2) });
    const req = (trialNumber: number, h: TrialHistory) => ({ space: small, directions: ['minimize'] as const, history: h, pending: [], trialNumber, key: makeKey(0) });
    expect(sampler.ask(req(1, history([])))).toEqual({ a: 1 });
    // trial 0 ran an enqueued {a: 2}: point 0 is a hole, filled by trial 3; after that nothing is left
    const h = history([{ params: { a: 2 } }, { params: { a: 1 } }, { params: { a: 2 } }]);
    expect(sampler.ask(req(3, h))).toEqual({ a: 0 });
    expect(() => sampler.ask(req(4, history([{ params: { a: 2 } }, { params: { a: 1 } }, { params: { a: 2 } }, { params: { a: 0 } }])))).toThrow(SearchExhausted);
  });
});
