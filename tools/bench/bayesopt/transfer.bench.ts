/**
 * Transfer (warm-start) bench on @metatune/tasks' function families (`functionFamily`: the base
 * function shifted by up to 10 % of each range, rotated about its minimiser and scaled by a factor
 * in [0.5, 2]): 5 earlier studies of 50 TPE trials each on tasks of the family's train split; then,
 * on a new task of its test split, the cold GP (full budget) against the warm-started GP (RGPE and
 * the seeding baseline). Goal (issue #7): the warm GP reaches the cold GP's median final regret in
 * at most one third of the budget, median over seeds. Regret is in the base function's units.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/bayesopt/transfer.bench.ts [--seeds 3] [--full]
 *       [--families branin,hartmann6] [--previous 5] [--methods rgpe,seed] [--jobs 2]
 *
 * Seeds are 1..N; --full: 10 seeds.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GpSampler, TpeSampler } from '@metatune/bayesopt';
import { type PreviousStudy, makeKey } from '@metatune/core';
import { type BenchmarkFunctionName, type FunctionInstance, functionFamily } from '@metatune/tasks';
import { evaluate, median, run, spaceOf } from './loop';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

/** Budgets of the new study, as in the quality bench. */
const BUDGETS: Record<string, number> = { branin: 50, hartmann6: 100 };

interface Job {
  family: string;
  seed: number;
  previous: number;
  methods: string[];
}
interface JobResult extends Job {
  cold: number[];
  warm: Record<string, number[]>;
}

function runJob(job: Job): JobResult {
  const family = functionFamily({ base: job.family as BenchmarkFunctionName });
  const budget = BUDGETS[job.family] ?? 100;
  const target = family.withSplit('test').sample(makeKey(job.seed));
  const objective = (inst: FunctionInstance) => (p: Record<string, unknown>) => evaluate(inst, p as never);
  const previous: PreviousStudy[] = [];
  for (let s = 0; s < job.previous; s++) {
    const task = family.sample(makeKey(1000 * job.seed + s));
    const { history } = run(new TpeSampler(), task, 50, 10_000 * job.seed + s, objective(task));
    previous.push({ study: { id: s, name: `prev-${s}`, space: spaceOf(task), directions: ['minimize'], userAttrs: {} }, trials: history.trials });
  }
  const toRegret = (best: number[]) => best.map((v) => (v - target.optimum.value) / target.info.scale);
  const cold = toRegret(run(new GpSampler({ seed: job.seed }), target, budget, job.seed, objective(target)).bestSoFar);
  const warmBudget = Math.ceil(budget / 2);
  const warm: Record<string, number[]> = {};
  for (const method of job.methods) {
    const s = new GpSampler({ seed: job.seed, warmStartMethod: method as 'rgpe' | 'seed' });
    s.warmStart(previous);
    warm[method] = toRegret(run(s, target, warmBudget, job.seed, objective(target)).bestSoFar);
  }
  return { ...job, cold, warm };
}

if (args[0] === '--worker') {
  process.on('message', (job: Job) => process.send!(runJob(job)));
} else {
  const seeds = args.includes('--full') ? 10 : Number(opt('seeds', '3'));
  const families = opt('families', 'branin,hartmann6').split(',');
  const methods = opt('methods', 'rgpe,seed').split(',');
  const previousN = Number(opt('previous', '5'));
  const jobsN = Number(opt('jobs', '1'));
  const jobs: Job[] = [];
  for (const family of families) for (let seed = 1; seed <= seeds; seed++) jobs.push({ family, seed, previous: previousN, methods });
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
        process.stderr.write(`${r.family} seed ${r.seed}: cold ${r.cold.at(-1)!.toPrecision(3)}, ${methods.map((m) => `${m}@third ${r.warm[m][Math.floor(r.cold.length / 3) - 1].toPrecision(3)}`).join(', ')}\n`);
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
    const curve = () => rs[0].cold.map((_, t) => median(rs.map((r) => r.cold[t])));
    const firstReach = (c: number[]) => {
      const t = c.findIndex((v) => v <= coldFinal);
      return t < 0 ? null : t + 1;
    };
    const goal = Math.floor(budget / 3);
    const perMethod = Object.fromEntries(
      methods.map((m) => {
        const c = rs[0].warm[m].map((_, t) => median(rs.map((r) => r.warm[m][t])));
        const reach = firstReach(c);
        return [
          m,
          {
            trialsToColdFinal: reach,
            meetsGoal: (reach ?? Infinity) <= goal,
            medianRegretAt: Object.fromEntries([1, 5, 10, goal, Math.ceil(budget / 2)].map((t) => [t, c[t - 1]])),
            perSeedTrialsToOwnColdFinal: rs.map((r) => {
              const t = r.warm[m].findIndex((v) => v <= r.cold[budget - 1]);
              return t < 0 ? null : t + 1;
            }),
          },
        ];
      }),
    );
    const coldCurve = curve();
    summary[family] = {
      budget,
      goalTrials: goal,
      coldMedianFinalRegret: coldFinal,
      coldMedianRegretAt: Object.fromEntries([1, 5, 10, goal, Math.ceil(budget / 2), budget].map((t) => [t, coldCurve[t - 1]])),
      coldFinalPerSeed: rs.map((r) => r.cold[budget - 1]),
      warm: perMethod,
    };
  }
  console.log(JSON.stringify({ bench: 'bayesopt-transfer', seeds, previousStudies: previousN, previousTrials: 50, previousSampler: 'tpe', family: 'functionFamily defaults: shift 0.1, rotate, scale [0.5, 2]', results: summary, wallSeconds: (performance.now() - started) / 1000 }));
}
