/**
 * How fast can any warm start converge on the Hartmann6 family? An upper bound for what transfer of
 * "where the optimum is" can buy (issue #7's warm-start goal on Hartmann6).
 *
 * For each seed, the new task is the one of transfer.bench.ts (`functionFamily({ base: 'hartmann6' })`,
 * test split). The cold GP runs the full budget (100); its median final regret is the target. Then
 * an oracle warm start runs half the budget: its first trial is a point of the new task's basin
 * at regret `--level` (0.1: the point on a random ray from the true minimiser where the regret is
 * 0.1), and the GP searches only a box of half-width `--radius` (unit-cube units) around that
 * point, which holds the minimiser. No transfer method gets more than this (an earlier study's
 * optimum has a median regret of about 1 on the new task), so if the oracle needs more than a
 * third of the budget to reach the target, so does every warm start with this GP.
 *
 * With `--scipy`, `local-optimizers.py` (next to this file; `/usr/bin/python3` with scipy) runs
 * classical local optimisers (Nelder-Mead, Powell, COBYLA, L-BFGS-B with finite differences) from
 * the same kind of start on randomly rotated Hartmann6, to the same target: how many evaluations a
 * method that is told the basin needs.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/bayesopt/basin-oracle.bench.ts [--seeds 10]
 *       [--level 0.1] [--radius 0.2,0.1] [--deterministic] [--scipy] [--jobs 2]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GpSampler } from '@metatune/bayesopt';
import { makeKey } from '@metatune/core';
import { type BenchmarkFunction, functionFamily } from '@metatune/tasks';
import { runInWorkers } from '../lib';
import { BenchHistory, evaluate, firstTrialAtOrBelow, median, run } from './loop';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

const BUDGET = 100;

interface Job {
  seed: number;
  level: number;
  radii: number[];
  deterministic: boolean;
}
interface JobResult extends Job {
  /** Best-so-far regret of the cold GP. */
  cold: number[];
  /** Best-so-far regret of the oracle warm start, per radius. */
  oracle: Record<string, number[]>;
  /** Largest coordinate distance between the oracle's start and the minimiser (the box holds the minimiser if it is at most the radius). */
  startOffset: number;
}

/** A point on a random ray from the minimiser `m` where `regret` crosses `level` (bisection). */
function basinPoint(m: readonly number[], regret: (x: number[]) => number, level: number, seed: number): number[] {
  // A small deterministic generator: the ray only has to differ between seeds.
  let state = (seed * 7919) % 2147483647;
  const uniform = () => (state = (state * 16807) % 2147483647) / 2147483647 - 0.5;
  const ray = m.map(() => uniform());
  const norm = Math.hypot(...ray);
  const at = (t: number) => m.map((v, i) => Math.min(1, Math.max(0, v + (t * ray[i]) / norm)));
  let inside = 0;
  let outside = 1;
  for (let k = 0; k < 60; k++) {
    const t = (inside + outside) / 2;
    if (regret(at(t)) < level) inside = t;
    else outside = t;
  }
  return at(inside);
}

function runJob(job: Job): JobResult {
  const task = functionFamily({ base: 'hartmann6' }).withSplit('test').sample(makeKey(job.seed));
  const regretOf = (v: number) => (v - task.optimum.value) / task.info.scale;
  const options = { seed: job.seed, deterministicObjective: job.deterministic };
  const cold = run(new GpSampler(options), task, BUDGET, job.seed).bestSoFar.map(regretOf);
  const start = basinPoint(task.optimum.minimizers[0], (x) => regretOf(task.evaluate(x)), job.level, job.seed);
  const startValue = task.evaluate(start);
  const oracle: Record<string, number[]> = {};
  for (const radius of job.radii) {
    // The same function on a box around the start: the GP's space is the box.
    const box: BenchmarkFunction = { ...task, bounds: start.map((v) => [Math.max(0, v - radius), Math.min(1, v + radius)] as [number, number]) };
    const history = new BenchHistory();
    history.add(Object.fromEntries(start.map((v, i) => [`x${i}`, v])), startValue);
    // nInitial 1: the oracle point is the whole initial design; the GP models from trial 2 on.
    const { bestSoFar } = run(new GpSampler({ ...options, nInitial: 1 }), box, BUDGET / 2 - 1, job.seed, (p) => evaluate(box, p), history);
    oracle[radius] = [startValue, ...bestSoFar.map((v) => Math.min(v, startValue))].map(regretOf);
  }
  const startOffset = Math.max(...start.map((v, i) => Math.abs(v - task.optimum.minimizers[0][i])));
  return { ...job, cold, oracle, startOffset };
}

interface ScipyResult {
  method: string;
  evaluationsToTarget: (number | null)[];
  medianEvaluations: number | null;
}

function runScipy(seeds: number, level: number, target: number): ScipyResult[] {
  const script = fileURLToPath(new URL('./local-optimizers.py', import.meta.url));
  const out = execFileSync('/usr/bin/python3', [script, '--seeds', String(seeds), '--level', String(level), '--target', String(target)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { results: ScipyResult[] }).results;
}

if (args[0] === '--worker') {
  process.on('message', (job: Job) => process.send!(runJob(job)));
} else {
  const seeds = Number(opt('seeds', '10'));
  const level = Number(opt('level', '0.1'));
  const radii = opt('radius', '0.2,0.1').split(',').map(Number);
  const deterministic = args.includes('--deterministic');
  const jobs: Job[] = [];
  for (let seed = 1; seed <= seeds; seed++) jobs.push({ seed, level, radii, deterministic });
  const started = performance.now();
  const results = await runInWorkers<Job, JobResult>(fileURLToPath(import.meta.url), jobs, Number(opt('jobs', '2')), (r) => {
    const oracle = radii.map((radius) => `oracle ±${radius} @33 ${r.oracle[radius][32].toPrecision(3)}, @50 ${r.oracle[radius][49].toPrecision(3)}`).join(', ');
    process.stderr.write(`seed ${r.seed}: cold final ${r.cold.at(-1)!.toPrecision(3)}, ${oracle}\n`);
  });
  results.sort((a, b) => a.seed - b.seed);
  const target = median(results.map((r) => r.cold.at(-1)!));
  const goal = Math.floor(BUDGET / 3);
  // A seed that never gets there counts as worse than any that does (as in transfer.bench.ts).
  const medianTrial = (trials: (number | null)[]) => {
    const m = median(trials.map((t) => t ?? Infinity));
    return Number.isFinite(m) ? m : null;
  };
  const oracle = Object.fromEntries(
    radii.map((radius) => {
      const perSeed = results.map((r) => firstTrialAtOrBelow(r.oracle[radius], target));
      const medianCurve = results[0].oracle[radius].map((_, t) => median(results.map((r) => r.oracle[radius][t])));
      return [
        radius,
        {
          perSeedTrialsToTarget: perSeed,
          medianTrialsToTarget: medianTrial(perSeed),
          medianCurveReachesTargetAt: firstTrialAtOrBelow(medianCurve, target),
          medianRegretAt: Object.fromEntries([1, 10, goal, BUDGET / 2].map((t) => [t, medianCurve[t - 1]])),
        },
      ];
    }),
  );
  const scipy = args.includes('--scipy') ? runScipy(seeds, level, target) : undefined;
  console.log(
    JSON.stringify({
      bench: 'bayesopt-basin-oracle',
      family: 'functionFamily({ base: hartmann6 }) test split, defaults: shift 0.1, rotate, scale [0.5, 2]',
      seeds,
      budget: BUDGET,
      goalTrials: goal,
      startRegret: level,
      deterministic,
      startOffsetPerSeed: results.map((r) => r.startOffset),
      cold: { medianFinalRegret: target, finalPerSeed: results.map((r) => r.cold.at(-1)), perSeedTrialsTo1e3: results.map((r) => firstTrialAtOrBelow(r.cold, 1e-3)) },
      oracle,
      scipyFromSameKindOfStart: scipy,
      wallSeconds: (performance.now() - started) / 1000,
    }),
  );
}
