/**
 * WS-CMA-ES on a shifted-function family: the source task is f(x - x_opt), the target
 * f(x - x_opt - delta u) with a fixed random unit vector u. A cold CMA-ES (x0 = 0, sigma0 = 2 in
 * [-5, 5]^10) runs B evaluations on the target; the warm start fits its initial distribution to
 * a B-evaluation CMA-ES run on the source (top 10% of points, alpha = 0.1; Nomura et al. 2021).
 * Reported: evaluations the warm start needs to reach the cold run's final value, over seeds,
 * against the goal of half the cold budget or fewer. --sampling sets how all three runs draw their
 * steps (default: CMAES's default, mirrored orthogonal). --budget-scale multiplies every B, to see how
 * the fraction depends on how far the cold run gets.
 * --alpha sets the fit's spread alpha (default 0.1, in the function's own units).
 * --oracle-sigmas 0.03,0.1,0.3 adds, per sigma, a start that no warm start from the source can beat
 * in the mean: centred exactly on the source's minimiser (the target's is delta away in a direction
 * the source cannot reveal), isotropic, with that sigma. Its fraction bounds what any start
 * distribution built from the source can achieve when there is no covariance to learn (the sphere).
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/evolution/warm-start.bench.ts [--full] [--seeds N] [--delta 0.3] [--sampling mirrored-orthogonal|independent] [--budget-scale 1] [--alpha 0.1] [--oracle-sigmas 0.03,0.1,0.3]
 */
import { Rng, makeKey } from '@metatune/core';
import { CMAES, warmStartDistribution } from '@metatune/evolution';
import { median, option, shiftedFunction, shiftedOptimum } from './common';

const full = option('full', 'false') === 'true';
const seeds = Number(option('seeds', full ? '10' : '5'));
const delta = Number(option('delta', '0.3'));
const sampling = option('sampling', 'mirrored-orthogonal') as 'mirrored-orthogonal' | 'independent';
const budgetScale = Number(option('budget-scale', '1'));
const alpha = Number(option('alpha', '0.1'));
const oracleSigmasOption = option('oracle-sigmas', '');
const oracleSigmas = oracleSigmasOption === '' ? [] : oracleSigmasOption.split(',').map(Number);
const d = 10;
const CASES = [
  { fn: 'sphere', budget: 600 },
  { fn: 'ellipsoid', budget: 1500 },
  { fn: 'rosenbrock', budget: 1500 },
].map((c) => ({ ...c, budget: Math.round(c.budget * budgetScale) }));

type Objective = (x: ArrayLike<number>) => number;

/** Evaluations a CMA-ES started from `start` needs to reach `goal` on `target` (Infinity if not within `budget`), and its best value. */
function evaluationsToGoal(
  start: { mean: Float64Array; sigma: number; covariance?: Float64Array },
  seed: number,
  target: Objective,
  goal: number,
  budget: number,
): { hit: number; best: number } {
  const es = new CMAES({ ...start, seed, sampling });
  let hit = Number.POSITIVE_INFINITY;
  while (es.evaluations < budget && !Number.isFinite(hit)) {
    const pop = es.ask();
    const v = pop.map(target);
    const i = v.findIndex((x) => x <= goal);
    if (i >= 0) hit = es.evaluations + i + 1;
    es.tell(pop, v);
  }
  return { hit, best: es.best!.f };
}

const rows = [];
for (const c of CASES) {
  const base = shiftedFunction(c.fn, d);
  const ratios: number[] = [];
  const coldFinal: number[] = [];
  const warmFinal: number[] = [];
  const oracleRatios: number[][] = oracleSigmas.map(() => []);
  for (let s = 0; s < seeds; s++) {
    const rng = new Rng(makeKey(500 + s));
    const u = Float64Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...u);
    const source = base;
    const target = (x: ArrayLike<number>) => base(Array.from(x, (v, i) => v - (delta * u[i]) / norm));
    // Source study.
    const src = new CMAES({ mean: new Float64Array(d), sigma: 2, seed: 1000 + s, sampling });
    const xs: Float64Array[] = [];
    const fs: number[] = [];
    while (src.evaluations < c.budget) {
      const pop = src.ask();
      const v = pop.map(source);
      src.tell(pop, v);
      xs.push(...pop);
      fs.push(...v);
    }
    // Cold start on the target.
    const cold = new CMAES({ mean: new Float64Array(d), sigma: 2, seed: s, sampling });
    while (cold.evaluations < c.budget) {
      const pop = cold.ask();
      cold.tell(pop, pop.map(target));
    }
    const goal = cold.best!.f;
    const ws = warmStartDistribution(xs, fs, { gamma: 0.1, alpha });
    const warm = evaluationsToGoal(ws, s, target, goal, c.budget);
    ratios.push(warm.hit / c.budget);
    coldFinal.push(goal);
    warmFinal.push(warm.best);
    oracleSigmas.forEach((sigma, k) => {
      oracleRatios[k].push(evaluationsToGoal({ mean: shiftedOptimum(d), sigma }, s, target, goal, c.budget).hit / c.budget);
    });
  }
  rows.push({
    function: `${c.fn}${d}`,
    delta,
    alpha,
    sampling,
    budget: c.budget,
    seeds,
    cold_final_median: Number(median(coldFinal)!.toPrecision(4)),
    warm_evals_to_cold_final_ratio_median: Number(median(ratios)!.toFixed(3)),
    seeds_at_or_below_half: ratios.filter((r) => r <= 0.5).length,
    seeds_not_reached_within_budget: ratios.filter((r) => !Number.isFinite(r)).length,
    warm_final_median: Number(median(warmFinal)!.toPrecision(4)),
    ...(oracleSigmas.length > 0
      ? {
          source_minimiser_start_ratio_median_by_sigma: Object.fromEntries(
            oracleSigmas.map((sigma, k) => [String(sigma), Number(median(oracleRatios[k])!.toFixed(3))]),
          ),
        }
      : {}),
  });
  process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
}
console.log(JSON.stringify({ bench: 'evolution/warm-start', full, seeds, dimension: d, results: rows }));
