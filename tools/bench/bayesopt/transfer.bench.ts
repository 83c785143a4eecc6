/**
 * Transfer (warm-start) bench on @metatune/tasks' function families (`functionFamily`: the base
 * function shifted by up to 10 % of each range, rotated about its minimiser and scaled by a factor
 * in [0.5, 2]): 5 earlier studies of 50 TPE trials each (cold-GP trials with `--previous-sampler gp`)
 * on tasks of the family's train split; then, on a new task of its test split, the cold GP (full budget) against the warm-started GP (RGPE and
 * the seeding baseline). Goal (issue #7): the warm GP reaches the cold GP's median final regret in
 * at most one third of the budget, median over seeds. Regret is in the base function's units.
 * With several `--outputs` (the GP's output transform) or `--trust-region off,on` (GpSampler's
 * `trustRegion`) every GP runs once per combination (named `standardize`, `standardize+tr`, ...),
 * and the target is the best of the cold GPs' median final regrets. Per seed, the JSON also gives the first
 * trial at or below regret 0.1, 0.01, 1e-3 and 1e-4 (when a run finds the basin, and how fast it
 * converges there).
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/bayesopt/transfer.bench.ts [--seeds 3] [--full]
 *       [--families branin,hartmann6] [--previous 5] [--previous-sampler tpe|gp] [--methods rgpe,seed] [--jobs 2]
 *       [--outputs standardize,power] [--trust-region off,on] [--trust-region-options '{"minLength":0.001}'] [--deterministic] [--optimizer '{"localSteps":60}']
 *
 * Seeds are 1..N; --full: 10 seeds.
 */
import { fileURLToPath } from 'node:url';
import { type AcquisitionOptimizerOptions, GpSampler, TpeSampler, type TrustRegionOptions } from '@metatune/bayesopt';
import { type PreviousStudy, makeKey } from '@metatune/core';
import { type BenchmarkFunctionName, type FunctionInstance, functionFamily } from '@metatune/tasks';
import { runInWorkers } from '../lib';
import { evaluate, firstTrialAtOrBelow, median, run, spaceOf } from './loop';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

/** Budgets of the new study, as in the quality bench. */
const BUDGETS: Record<string, number> = { branin: 50, hartmann6: 100 };

type OutputTransform = 'standardize' | 'power';

/** One way to configure every GP of a run: an output transform, with or without the trust region. */
interface GpConfig {
  /** `output`, plus `+tr` with the trust region. */
  name: string;
  output: OutputTransform;
  trustRegion: boolean;
}

/** Regrets at which the JSON records each seed's first trial (basin entry, then convergence). */
const REGRET_LEVELS = [1e-1, 1e-2, 1e-3, 1e-4];

interface Job {
  configs: GpConfig[];
  /** GpSampler's `trustRegion` settings where a config has the trust region (`--trust-region-options '{"minLength":0.001}'`). */
  trustRegionOptions: TrustRegionOptions;
  /** GpSampler's acquisition `optimizer` options, for every GP of the run (`--optimizer '{"localSteps":60}'`). */
  optimizer: AcquisitionOptimizerOptions;
  /** GpSampler's `deterministicObjective` (the benchmark functions are noiseless). */
  deterministic: boolean;
  family: string;
  seed: number;
  previous: number;
  /** Sampler of the earlier studies: 'tpe' (default) or 'gp' (the cold GP, seeded by the study). */
  previousSampler: 'tpe' | 'gp';
  methods: string[];
}
interface JobResult extends Job {
  /** Best-so-far regret curves per GP config. */
  cold: Record<string, number[]>;
  /** Per `${method}/${config}`. */
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
    const sampler = job.previousSampler === 'gp' ? new GpSampler({ seed: 10_000 * job.seed + s }) : new TpeSampler();
    const { history } = run(sampler, task, 50, 10_000 * job.seed + s, objective(task));
    previous.push({ study: { id: s, name: `prev-${s}`, space: spaceOf(task), directions: ['minimize'], userAttrs: {} }, trials: history.trials });
  }
  const toRegret = (best: number[]) => best.map((v) => (v - target.optimum.value) / target.info.scale);
  const cold: Record<string, number[]> = {};
  const warm: Record<string, number[]> = {};
  const warmBudget = Math.ceil(budget / 2);
  for (const config of job.configs) {
    const options = { seed: job.seed, outputTransform: config.output, trustRegion: config.trustRegion ? job.trustRegionOptions : false, deterministicObjective: job.deterministic, optimizer: job.optimizer };
    cold[config.name] = toRegret(run(new GpSampler(options), target, budget, job.seed, objective(target)).bestSoFar);
    for (const method of job.methods) {
      const s = new GpSampler({ ...options, warmStartMethod: method as 'rgpe' | 'seed' | 'box' });
      s.warmStart(previous);
      warm[`${method}/${config.name}`] = toRegret(run(s, target, warmBudget, job.seed, objective(target)).bestSoFar);
    }
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
  const previousSampler = opt('previous-sampler', 'tpe') as 'tpe' | 'gp';
  const jobsN = Number(opt('jobs', '1'));
  const outputs = opt('outputs', 'standardize').split(',') as OutputTransform[];
  const trustRegions = opt('trust-region', 'off').split(',').map((v) => v === 'on');
  const trustRegionOptions = JSON.parse(opt('trust-region-options', '{}')) as TrustRegionOptions;
  const configs: GpConfig[] = outputs.flatMap((output) => trustRegions.map((trustRegion) => ({ name: trustRegion ? `${output}+tr` : output, output, trustRegion })));
  const names = configs.map((c) => c.name);
  const deterministic = args.includes('--deterministic');
  const optimizer = JSON.parse(opt('optimizer', '{}')) as AcquisitionOptimizerOptions;
  const variants = names.flatMap((o) => methods.map((m) => `${m}/${o}`));
  const jobs: Job[] = [];
  for (const family of families) for (let seed = 1; seed <= seeds; seed++) jobs.push({ configs, trustRegionOptions, optimizer, deterministic, family, seed, previous: previousN, previousSampler, methods });
  const started = performance.now();
  const results = await runInWorkers<Job, JobResult>(fileURLToPath(import.meta.url), jobs, jobsN, (r) => {
    const third = Math.floor(Object.values(r.cold)[0].length / 3) - 1;
    const colds = names.map((o) => `cold/${o} ${r.cold[o].at(-1)!.toPrecision(3)}`).join(', ');
    process.stderr.write(`${r.family} seed ${r.seed}: ${colds}, ${variants.map((v) => `${v}@third ${r.warm[v][third].toPrecision(3)}`).join(', ')}\n`);
  });
  const summary: Record<string, unknown> = {};
  for (const family of families) {
    const rs = results.filter((r) => r.family === family).sort((a, b) => a.seed - b.seed);
    const budget = rs[0].cold[names[0]].length;
    const medianCurve = (pick: (r: JobResult) => number[]) => pick(rs[0]).map((_, t) => median(rs.map((r) => pick(r)[t])));
    const coldCurves = Object.fromEntries(names.map((o) => [o, medianCurve((r) => r.cold[o])]));
    // The target is the best cold GP: a setting that only helps the warm start must not lower the bar.
    const coldFinal = Math.min(...names.map((o) => coldCurves[o][budget - 1]));
    const goal = Math.floor(budget / 3);
    // When each seed's run enters the basin and how fast it converges there: the first trial at or
    // below each of these regrets (relative to the base function's scale), null if never.
    const firstTrialBelow = (pick: (r: JobResult) => number[]) =>
      Object.fromEntries(REGRET_LEVELS.map((level) => [level, rs.map((r) => firstTrialAtOrBelow(pick(r), level))]));
    const perMethod = Object.fromEntries(
      variants.map((v) => {
        const c = medianCurve((r) => r.warm[v]);
        const reach = firstTrialAtOrBelow(c, coldFinal);
        return [
          v,
          {
            trialsToColdFinal: reach,
            meetsGoal: (reach ?? Infinity) <= goal,
            medianRegretAt: Object.fromEntries([1, 5, 10, goal, Math.ceil(budget / 2)].map((t) => [t, c[t - 1]])),
            perSeedFirstTrialBelow: firstTrialBelow((r) => r.warm[v]),
            perSeedTrialsToOwnColdFinal: rs.map((r) => firstTrialAtOrBelow(r.warm[v], Math.min(...names.map((o) => r.cold[o][budget - 1])))),
          },
        ];
      }),
    );
    summary[family] = {
      budget,
      goalTrials: goal,
      coldMedianFinalRegret: coldFinal,
      cold: Object.fromEntries(
        names.map((o) => [
          o,
          {
            medianFinalRegret: coldCurves[o][budget - 1],
            medianRegretAt: Object.fromEntries([1, 5, 10, goal, Math.ceil(budget / 2), budget].map((t) => [t, coldCurves[o][t - 1]])),
            finalPerSeed: rs.map((r) => r.cold[o][budget - 1]),
            perSeedFirstTrialBelow: firstTrialBelow((r) => r.cold[o]),
          },
        ]),
      ),
      warm: perMethod,
    };
  }
  console.log(JSON.stringify({ bench: 'bayesopt-transfer', outputs, trustRegions, trustRegionOptions, deterministic, optimizer, seeds, previousStudies: previousN, previousTrials: 50, previousSampler, family: 'functionFamily defaults: shift 0.1, rotate, scale [0.5, 2]', results: summary, wallSeconds: (performance.now() - started) / 1000 }));
}
