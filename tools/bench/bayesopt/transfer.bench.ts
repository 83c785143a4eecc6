/**
 * Transfer (warm-start) bench: on a task family (Branin or Hartmann6 with a random input shift,
 * output scale and offset per task), 5 earlier studies of 50 TPE trials each on other tasks of the
 * family; then, on a new task, the cold GP (full budget) against the warm-started GP (RGPE and the
 * seeding baseline). Goal (issue #7): the warm GP reaches the cold GP's median final regret in at
 * most one third of the budget, median over seeds.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/bayesopt/transfer.ts [--seeds 3] [--full] [--families branin,hartmann6] [--previous 5] [--jobs 2]
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GpSampler, TpeSampler } from '@metatune/bayesopt';
import { type ParamValues, type PreviousStudy, Rng, makeKey } from '@metatune/core';
import { FUNCTIONS, type TestFunction } from './functions';
import { evaluate, median, run, spaceOf } from './loop';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

/** One task of a family: f(x - shift) * scale + offset; regret is reported in the base function's units. */
interface Task {
  shift: number[];
  scale: number;
  offset: number;
}

function sampleTask(fn: TestFunction, rng: Rng): Task {
  // Shifts of up to 5% of each range keep one global minimiser of each base function in the box.
  return { shift: fn.bounds.map(([lo, hi]) => rng.between(-0.05, 0.05) * (hi - lo)), scale: rng.between(0.5, 2), offset: rng.between(-1, 1) };
}

function objective(fn: TestFunction, task: Task) {
  return (p: ParamValues) => evaluate(fn, Object.fromEntries(fn.bounds.map((_, i) => [`x${i}`, (p[`x${i}`] as number) - task.shift[i]]))) * task.scale + task.offset;
}

interface Job {
  family: string;
  seed: number;
  previous: number;
}
interface JobResult extends Job {
  cold: number[];
  rgpe: number[];
  seedBaseline: number[];
}

function runJob(job: Job): JobResult {
  const fn = FUNCTIONS.find((f) => f.name === job.family)!;
  const rng = new Rng(makeKey(1000 + job.seed));
  const target = sampleTask(fn, rng);
  const previous: PreviousStudy[] = [];
  for (let s = 0; s < job.previous; s++) {
    const task = sampleTask(fn, rng);
    const { history } = run(new TpeSampler(), fn, 50, 10_000 * (job.seed + 1) + s, objective(fn, task));
    previous.push({ study: { id: s, name: `prev-${s}`, space: spaceOf(fn), directions: ['minimize'], userAttrs: {} }, trials: history.trials });
  }
  const f = objective(fn, target);
  const toRegret = (best: number[]) => best.map((v) => (v - target.offset) / target.scale - fn.optimum);
  const cold = toRegret(run(new GpSampler(), fn, fn.budget, job.seed, f).bestSoFar);
  const warmBudget = Math.ceil(fn.budget / 2);
  const warm = (method: 'rgpe' | 'seed') => {
    const s = new GpSampler({ warmStartMethod: method });
    s.warmStart(previous);
    return toRegret(run(s, fn, warmBudget, job.seed, f).bestSoFar);
  };
  return { ...job, cold, rgpe: warm('rgpe'), seedBaseline: warm('seed') };
}

if (args[0] === '--worker') {
  process.on('message', (job: Job) => process.send!(runJob(job)));
} else {
  const seeds = args.includes('--full') ? 10 : Number(opt('seeds', '3'));
  const families = opt('families', 'branin,hartmann6').split(',');
  const previousN = Number(opt('previous', '5'));
  const jobsN = Number(opt('jobs', '1'));
  const jobs: Job[] = [];
  for (const family of families) for (let seed = 0; seed < seeds; seed++) jobs.push({ family, seed, previous: previousN });
  const results: JobResult[] = [];
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let next = 0;
    const self = fileURLToPath(import.meta.url);
    for (let w = 0; w < Math.min(jobsN, jobs.length); w++) {
      const child = fork(self, ['--worker'], { execArgv: process.execArgv });
      const feed = () => (next < jobs.length ? child.send(jobs[next++]) : child.kill());
      child.on('message', (r: JobResult) => {
        results.push(r);
        process.stderr.write(`${r.family} seed ${r.seed}: cold ${r.cold.at(-1)!.toPrecision(3)}, rgpe@third ${r.rgpe[Math.floor(r.cold.length / 3) - 1].toPrecision(3)}\n`);
        feed();
        if (results.length === jobs.length) resolve();
      });
      feed();
    }
  });
  const summary: Record<string, unknown> = {};
  for (const family of families) {
    const rs = results.filter((r) => r.family === family).sort((a, b) => a.seed - b.seed);
    const budget = rs[0].cold.length;
    const coldFinal = median(rs.map((r) => r.cold[budget - 1]));
    const curve = (key: 'cold' | 'rgpe' | 'seedBaseline') => rs[0][key].map((_, t) => median(rs.map((r) => r[key][t])));
    const firstReach = (c: number[]) => {
      const t = c.findIndex((v) => v <= coldFinal);
      return t < 0 ? null : t + 1;
    };
    const rgpeCurve = curve('rgpe');
    const seedCurve = curve('seedBaseline');
    const perSeed = (key: 'rgpe' | 'seedBaseline') =>
      rs.map((r) => {
        const t = r[key].findIndex((v) => v <= r.cold[budget - 1]);
        return t < 0 ? null : t + 1;
      });
    summary[family] = {
      budget,
      coldMedianFinalRegret: coldFinal,
      rgpeTrialsToColdFinal: firstReach(rgpeCurve),
      seedTrialsToColdFinal: firstReach(seedCurve),
      goalTrials: Math.floor(budget / 3),
      rgpeMeetsGoal: (firstReach(rgpeCurve) ?? Infinity) <= Math.floor(budget / 3),
      seedMeetsGoal: (firstReach(seedCurve) ?? Infinity) <= Math.floor(budget / 3),
      medianRegretAt: Object.fromEntries(
        [5, 10, Math.floor(budget / 3), Math.ceil(budget / 2)].map((t) => [t, { cold: curve('cold')[t - 1], rgpe: rgpeCurve[t - 1], seed: seedCurve[t - 1] }]),
      ),
      perSeedTrialsToOwnColdFinal: { rgpe: perSeed('rgpe'), seed: perSeed('seedBaseline') },
    };
  }
  console.log(JSON.stringify({ bench: 'bayesopt-transfer', seeds, previousStudies: previousN, previousTrials: 50, previousSampler: 'tpe', results: summary, wallSeconds: (performance.now() - started) / 1000 }));
}
