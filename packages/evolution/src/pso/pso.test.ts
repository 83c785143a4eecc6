import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParticleSwarm, type PsoOptions } from './pso';
import { shifted } from '../testing/functions';

function run(options: PsoOptions, f: (x: ArrayLike<number>) => number, generations: number): ParticleSwarm {
  const pso = new ParticleSwarm(options);
  for (let g = 0; g < generations; g++) {
    const xs = pso.ask();
    pso.tell(xs, xs.map(f));
  }
  return pso;
}

describe('ParticleSwarm', () => {
  const bounds = Array.from({ length: 5 }, () => [-5, 5] as const);
  it.each([
    ['inertia', 'global'],
    ['constriction', 'global'],
    ['inertia', 'ring'],
    ['constriction', 'ring'],
  ] as const)('%s / %s converges on a shifted 5-D sphere', (variant, topology) => {
    const pso = run({ bounds, variant, topology, seed: 1 }, shifted('sphere', 5), 400);
    expect(pso.best!.f).toBeLessThan(1e-6);
  });

  it('ring topology spreads information slower than gbest: fewer particles near the best after a few steps', () => {
    // On a sphere, gbest pulls every particle towards one leader at once; lbest only pulls neighbours.
    const f = shifted('sphere', 5);
    const near = (pso: ParticleSwarm) => {
      const xs = pso.ask();
      const b = pso.best!.x;
      return xs.reduce((s, x) => s + Number(Math.hypot(...Array.from(x, (v, i) => v - b[i])) < 1), 0);
    };
    let ringWins = 0;
    for (let seed = 0; seed < 6; seed++) {
      if (near(run({ bounds, topology: 'global', populationSize: 30, seed }, f, 8)) > near(run({ bounds, topology: 'ring', populationSize: 30, seed }, f, 8))) ringWins++;
    }
    expect(ringWins).toBeGreaterThanOrEqual(5);
  });

  it('never proposes points outside the bounds and ignores NaN fitness (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 999 }), (d, seed) => {
        const b = Array.from({ length: d }, () => [0, 1] as const);
        const pso = new ParticleSwarm({ bounds: b, seed, maxVelocity: 5 });
        for (let g = 0; g < 5; g++) {
          const xs = pso.ask();
          for (const x of xs) x.forEach((v) => expect(v >= 0 && v <= 1).toBe(true));
          pso.tell(xs, xs.map((x, i) => (i === 0 ? Number.NaN : -x[0])));
        }
        expect(pso.nanCount).toBe(5);
        expect(Number.isNaN(pso.best!.f)).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('validates options', () => {
    expect(() => new ParticleSwarm({ bounds, populationSize: 1 })).toThrow(/populationSize/);
    expect(() => new ParticleSwarm({ bounds, variant: 'constriction', c1: 1, c2: 1 })).toThrow(/c1 \+ c2 > 4/);
    expect(() => new ParticleSwarm({ bounds, topology: 'star' as never })).toThrow(/topology/);
  });
});
