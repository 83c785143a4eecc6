import { describe, expect, it } from 'vitest';
import { makeKey, random } from '@metatune/core';
import { functionFamily } from './family';
import { functionTask } from './hpo';
import { benchmarkFunction } from './create';

describe('functionFamily', () => {
  it('moves the minimum where it says and no random point beats it', () => {
    for (const base of ['hartmann6', 'branin', 'rastrigin', 'levy'] as const) {
      const family = functionFamily({ base, dimension: base === 'rastrigin' || base === 'levy' ? 4 : undefined, offset: 1 });
      for (let s = 0; s < 5; s++) {
        const g = family.sample(makeKey(s));
        expect(g.optimum.minimizers.length).toBeGreaterThan(0);
        for (const m of g.optimum.minimizers) expect(Math.abs(g.evaluate(m) - g.optimum.value)).toBeLessThan(1e-4);
        const d = g.dimension;
        const u = random.uniform(makeKey(100 + s), 500 * d);
        for (let i = 0; i < 500; i++) {
          const x = g.bounds.map(([lo, hi], j) => lo + (hi - lo) * u[i * d + j]);
          expect(g.evaluate(x)).toBeGreaterThanOrEqual(g.optimum.value - 1e-4);
        }
        g.optimum.minimizers[0].forEach((v, j) => {
          expect(v).toBeGreaterThanOrEqual(g.bounds[j][0]);
          expect(v).toBeLessThanOrEqual(g.bounds[j][1]);
        });
      }
    }
  });

  it('is deterministic given a key; other keys and other splits give other instances', () => {
    const family = functionFamily({ base: 'hartmann3' });
    const a = family.sample(makeKey(7));
    const b = family.sample(makeKey(7));
    const c = family.sample(makeKey(8));
    const t = family.withSplit('test').sample(makeKey(7));
    const x = [0.3, 0.6, 0.2];
    expect(a.evaluate(x)).toBe(b.evaluate(x));
    expect(a.info).toEqual(b.info);
    expect(c.evaluate(x)).not.toBe(a.evaluate(x));
    expect(t.evaluate(x)).not.toBe(a.evaluate(x));
    expect(t.info.shift).not.toEqual(a.info.shift);
  });

  it('keeps the shift within the requested fraction, and rotations are orthogonal', () => {
    const g = functionFamily({ base: 'sphere', dimension: 5, shift: 0.05 }).sample(makeKey(1));
    for (const s of g.info.shift) expect(Math.abs(s)).toBeLessThanOrEqual(0.05 * 10 + 1e-12);
    const r = g.info.rotation!;
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(r[i].reduce((acc, v, k) => acc + v * r[j][k], 0)).toBeCloseTo(i === j ? 1 : 0, 10);
  });

  it('rejects bad options', () => {
    expect(() => functionFamily({ base: 'branin', shift: 0.9 })).toThrow(/shift/);
    expect(() => functionFamily({ base: 'branin', scale: [0, 1] })).toThrow(/scale/);
    expect(() => functionFamily({ base: 'branin', dimension: 4 })).toThrow(/dimension 4/);
  });
});

describe('functionTask', () => {
  it('exposes the domain as x0..x{d-1} and evaluates f', () => {
    const task = functionTask(benchmarkFunction('branin'));
    expect(Object.keys(task.space)).toEqual(['x0', 'x1']);
    expect(task.space.x0).toMatchObject({ type: 'float', low: -5, high: 10 });
    expect(task.objective({ x0: Math.PI, x1: 2.275 })).toBeCloseTo(0.397887, 5);
    expect(task.optimum).toBe(0.397887);
    expect(() => task.objective({ x0: 1 })).toThrow(/x1 must be a number/);
  });
});
