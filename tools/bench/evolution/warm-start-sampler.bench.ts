/**
 * WS-CMA-ES through the study sampler, on the task families of the bayesopt transfer bench
 * (@metatune/tasks' `functionFamily`: the base function shifted by up to 10 % of each range,
 * rotated about its minimiser and scaled by a factor in [0.5, 2]): the HPO setting of the warm
 * start, next to the shifted-function bench (warm-start.bench.ts), which runs the optimizer to
 * high precision. For seed s: 5 (`--previous`) earlier studies on train-split tasks, each a cold
 * CMA-ES sampler run of the new study's budget (or `--previous-trials`); on the test-split task
 * `sample(makeKey(s))` the cold `sampler:cmaes` and the warm one (`warmStart(previous)`) each run
 * the full budget. Reported, as in the
 * bayesopt bench: the first trial at which the median-over-seeds best-so-far regret of the warm
 * sampler reaches the cold sampler's median final regret, against the goal of half the budget;
 * and per seed, the trial at which the warm run reaches that seed's cold final regret.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/evolution/warm-start-sampler.bench.ts [--seeds 10]
 *       [--families branin,hartmann6,rosenbrock,ackley,levy] [--previous-trials N] [--sampling mirrored-orthogonal|independent]
 *       [--shift-only] [--previous 5] [--alpha 0.1] [--oracle-sigmas 0.02,0.05]
 *
 * --shift-only: the family without rotation and scaling (`rotate: false`, scale 1), i.e. the
 * issue's "shifted-function family". Rosenbrock, Ackley and Levy are 10-D, as in hpo.bench.ts.
 * --oracle-sigmas 0.02,0.05: per sigma (unit cube), a cold sampler started on the base function's
 * minimiser, the centre of every task's shifted minimiser: the best place to start that the family
 * itself can tell, which earlier studies can at most estimate. Its fraction (same rule as the warm
 * start's) shows how much any start distribution could gain on that family.
 */
import { type PreviousStudy, makeKey } from '@metatune/core';
import { cmaesSampler } from '@metatune/evolution';
import { type BenchmarkFunctionName, type FunctionInstance, functionFamily } from '@metatune/tasks';
import { evaluate, firstTrialAtOrBelow, median, run, spaceOf } from '../bayesopt/loop';
import { option } from './common';

/** Budgets of the new study: the HPO bench's (Branin 50, Hartmann6 100, the 10-D functions 200). */
const BUDGETS: Record<string, number> = { branin: 50, hartmann6: 100, rosenbrock: 200, ackley: 200, levy: 200 };

const seeds = Number(option('seeds', '10'));
const families = option('families', 'branin,hartmann6,rosenbrock,ackley,levy').split(',');
const previousTrialsOption = option('previous-trials', '');
const sampling = option('sampling', 'mirrored-orthogonal') as 'mirrored-orthogonal' | 'independent';
const shiftOnly = option('shift-only', 'false') === 'true';
/** Earlier studies per seed (WS-CMA-ES pools the best trials of all of them). */
const PREVIOUS = Number(option('previous', '5'));
/** Dimensions of the 10-D functions of the HPO bench (Branin and Hartmann6 have their own). */
const DIMENSIONS: Record<string, number> = { rosenbrock: 10, ackley: 10, levy: 10 };
/** WS-CMA-ES's alpha in the unit cube (`warmStartAlpha`; default: the sampler's). */
const alphaOption = option('alpha', '');
const warmStartAlpha = alphaOption === '' ? undefined : Number(alphaOption);
const oracleSigmasOption = option('oracle-sigmas', '');
const oracleSigmas = oracleSigmasOption === '' ? [] : oracleSigmasOption.split(',').map(Number);

const rows = [];
const started = performance.now();
for (const name of families) {
  const family = functionFamily({ base: name as BenchmarkFunctionName, dimension: DIMENSIONS[name], ...(shiftOnly ? { rotate: false, scale: [1, 1] as const } : {}) });
  const budget = BUDGETS[name] ?? 100;
  const previousTrials = previousTrialsOption ? Number(previousTrialsOption) : budget;
  const cold: number[][] = [];
  const warm: number[][] = [];
  const oracle: number[][][] = oracleSigmas.map(() => []);
  const baseMinimiser = Object.fromEntries(family.base.optimum.minimizers[0].map((v, i) => [`x${i}`, v]));
  const objective = (inst: FunctionInstance) => (p: Record<string, unknown>) => evaluate(inst, p as never);
  for (let seed = 1; seed <= seeds; seed++) {
    const target = family.withSplit('test').sample(makeKey(seed));
    const previous: PreviousStudy[] = [];
    for (let s = 0; s < PREVIOUS; s++) {
      const task = family.sample(makeKey(1000 * seed + s));
      const { history } = run(cmaesSampler({ seed: 10_000 * seed + s, sampling }), task, previousTrials, 10_000 * seed + s, objective(task));
      previous.push({ study: { id: s, name: `prev-${s}`, space: spaceOf(task), directions: ['minimize'], userAttrs: {} }, trials: history.trials });
    }
    const toRegret = (best: number[]) => best.map((v) => (v - target.optimum.value) / target.info.scale);
    cold.push(toRegret(run(cmaesSampler({ seed, sampling }), target, budget, seed, objective(target)).bestSoFar));
    const ws = cmaesSampler({ seed, sampling, warmStartAlpha });
    ws.warmStart!(previous);
    warm.push(toRegret(run(ws, target, budget, seed, objective(target)).bestSoFar));
    oracleSigmas.forEach((sigma, k) => {
      oracle[k].push(toRegret(run(cmaesSampler({ seed, sampling, x0: baseMinimiser, sigma }), target, budget, seed, objective(target)).bestSoFar));
    });
  }
  const medianCurve = (curves: number[][]) => curves[0].map((_, t) => median(curves.map((c) => c[t])));
  const coldCurve = medianCurve(cold);
  const warmCurve = medianCurve(warm);
  const coldFinal = coldCurve[budget - 1];
  const fractionToColdFinal = (curve: number[]) => {
    const t = firstTrialAtOrBelow(curve, coldFinal);
    return t === null ? null : Number((t / budget).toFixed(3));
  };
  const reach = firstTrialAtOrBelow(warmCurve, coldFinal);
  const perSeed = warm.map((w, i) => firstTrialAtOrBelow(w, cold[i][budget - 1]));
  rows.push({
    family: name,
    budget,
    goalTrials: Math.floor(budget / 2),
    coldMedianFinalRegret: Number(coldFinal.toPrecision(4)),
    warmMedianFinalRegret: Number(warmCurve[budget - 1].toPrecision(4)),
    trialsToColdFinal: reach,
    fractionOfBudget: fractionToColdFinal(warmCurve),
    meetsGoal: reach !== null && reach <= Math.floor(budget / 2),
    perSeedTrialsToOwnColdFinal: perSeed,
    ...(oracleSigmas.length > 0
      ? {
          baseMinimiserStartBySigma: Object.fromEntries(
            oracleSigmas.map((sigma, k) => {
              const curve = medianCurve(oracle[k]);
              return [String(sigma), { fractionOfBudget: fractionToColdFinal(curve), medianFinalRegret: Number(curve[budget - 1].toPrecision(4)) }];
            }),
          ),
        }
      : {}),
    medianRegretAt: Object.fromEntries([1, 10, Math.floor(budget / 4), Math.floor(budget / 2)].map((t) => [t, { cold: Number(coldCurve[t - 1].toPrecision(4)), warm: Number(warmCurve[t - 1].toPrecision(4)) }])),
  });
  process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
}
console.log(
  JSON.stringify({
    bench: 'evolution/warm-start-sampler',
    seeds,
    sampling,
    warmStartAlpha: warmStartAlpha ?? 'default',
    previousStudies: PREVIOUS,
    previousTrials: previousTrialsOption ? Number(previousTrialsOption) : 'the new study\'s budget',
    previousSampler: 'sampler:cmaes (cold), same sampling',
    family: shiftOnly ? 'functionFamily: shift 0.1, no rotation, scale 1' : 'functionFamily defaults: shift 0.1, rotate, scale [0.5, 2]',
    results: rows,
    wallSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  }),
);
