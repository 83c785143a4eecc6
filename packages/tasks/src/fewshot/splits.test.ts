import { describe, expect, it } from 'vitest';
import { splitClasses } from './splits';

describe('splitClasses', () => {
  it('partitions the classes: disjoint, complete, sized by the fractions, fixed by the seed', () => {
    const s = splitClasses(100, 3);
    const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([60, 10, 30]);
    expect(splitClasses(100, 3)).toEqual(s);
    expect(Array.from(splitClasses(100, 4).train)).not.toEqual(Array.from(s.train));
  });

  it('moves whole groups together when groups are given', () => {
    const groups = Int32Array.from({ length: 50 }, (_, c) => c % 10);
    const s = splitClasses(50, 0, { train: 0.5, validation: 0.2, test: 0.3 }, groups);
    const groupsOf = (cls: Int32Array) => new Set(Array.from(cls, (c) => groups[c]));
    const [tr, va, te] = [groupsOf(s.train), groupsOf(s.validation), groupsOf(s.test)];
    expect([tr.size, va.size, te.size]).toEqual([5, 2, 3]);
    for (const g of tr) expect(va.has(g) || te.has(g)).toBe(false);
    for (const g of va) expect(te.has(g)).toBe(false);
  });

  it('rejects fractions that do not sum to 1', () => {
    expect(() => splitClasses(10, 0, { train: 0.5, validation: 0.5, test: 0.5 })).toThrow(/sum to 1/);
  });
});
