/**
 * Quality bench: median final simple regret of GP-BO, metatune's TPE (univariate and multivariate)
 * and random search on Branin (50 trials), Hartmann6 (100), Rosenbrock-10, Ackley-10 and Levy-10
 * (200 each), against Optuna 3.1's figures measured on this machine (../shared/peers).
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/bayesopt/quality.ts [--seeds 3] [--full]
 *       [--funcs branin,hartmann6] [--samplers gp,tpe,tpe-mv,random] [--jobs 2]
 *
 * Default: 3 seeds, all functions, GP only plus TPE (about 10 min of CPU on one core; use --jobs).
 * --full: 10 seeds (the issue's protocol).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GpSampler, TpeSampler } from '@metatune/bayesopt';
import { Rng, type Sampler, space as spaceNs } from '@metatune/core';
import { FUNCTIONS } from './functions';
import { median, run } from './loop';

/** Optuna 3.1 median final regret, 10 seeds (issue #7 / ../shared/peers/results). */
const OPTUNA: Record<string, Record<string, number>> = {
  branin: { random: 0.75, tpe: 0.18, 'tpe-mv': 0.14, cmaes: 0.39, sobol: 0.53 },
  hartmann6: { random: 1.29, tpe: 0.25, 'tpe-mv': 0.21, cmaes: 0.25, sobol: 1.32 },
  rosenbrock10: { random: 51980, tpe: 768, 'tpe-mv': 1930, cmaes: 521, sobol: 60860 },
  ackley10: { random: 19.2, tpe: 12.9, 'tpe-mv': 13.0, cmaes: 6.4, sobol: 19.5 },
  levy10: { random: 25.6, tpe: 6.85, 'tpe-mv': 5.79, cmaes: 1.1, sobol: 23.9 },
};

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

function makeSampler(name: string): Sampler {
  switch (name) {
    case 'gp':
      return new GpSampler();
    case 'tpe':
      return new TpeSampler();
    case 'tpe-mv':
      return new TpeSampler({ multivariate: true });
    case 'random':
      return { name: 'random', ask: (r) => spaceNs.sampleUniform(r.space, new Rng(r.key)) };
    default:
      throw new Error(`unknown sampler ${name}`);
  }
}

interface Job {
  fn: string;
  sampler: string;
  seed: number;
}
interface JobResult extends Job {
  regret: number;
  askMsMedian: number;
  askMsLast20: number;
  seconds: number;
}

function runJob(job: Job): JobResult {
  const fn = FUNCTIONS.find((f) => f.name === job.fn)!;
  const t0 = performance.now();
  const { bestSoFar, askMs } = run(makeSampler(job.sampler), fn, fn.budget, job.seed);
  return {
    ...job,
    regret: bestSoFar[bestSoFar.length - 1] - fn.optimum,
    askMsMedian: median(askMs),
    askMsLast20: median(askMs.slice(-20)),
    seconds: (performance.now() - t0) / 1000,
  };
}

if (args[0] === '--worker') {
  process.on('message', (job: Job) => {
    process.send!(runJob(job));
  });
} else {
  const seeds = args.includes('--full') ? 10 : Number(opt('seeds', '3'));
  const funcs = opt('funcs', FUNCTIONS.map((f) => f.name).join(',')).split(',');
  const samplers = opt('samplers', 'gp,tpe').split(',');
  const jobsN = Number(opt('jobs', '1'));
  const jobs: Job[] = [];
  for (const fn of funcs) for (const sampler of samplers) for (let seed = 0; seed < seeds; seed++) jobs.push({ fn, sampler, seed });
  // Longest jobs first so that the workers finish together.
  jobs.sort((a, b) => (b.sampler === 'gp' ? 1 : 0) - (a.sampler === 'gp' ? 1 : 0));
  const results: JobResult[] = [];
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let next = 0;
    const self = fileURLToPath(import.meta.url);
    for (let w = 0; w < Math.min(jobsN, jobs.length); w++) {
      const child = fork(self, ['--worker'], { execArgv: process.execArgv });
      const feed = () => {
        if (next < jobs.length) {
          child.send(jobs[next++]);
        } else child.kill();
      };
      child.on('message', (r: JobResult) => {
        results.push(r);
        process.stderr.write(`${r.fn} ${r.sampler} seed ${r.seed}: regret ${r.regret.toPrecision(4)} (${r.seconds.toFixed(1)} s)\n`);
        feed();
        if (results.length === jobs.length) resolve();
      });
      feed();
    }
  });
  const table: Record<string, Record<string, unknown>> = {};
  for (const fn of funcs) {
    table[fn] = {};
    for (const s of samplers) {
      const rs = results.filter((r) => r.fn === fn && r.sampler === s);
      const med = median(rs.map((r) => r.regret));
      const ref = OPTUNA[fn];
      table[fn][s] = {
        medianRegret: med,
        regrets: rs.sort((a, b) => a.seed - b.seed).map((r) => r.regret),
        medianAskMs: median(rs.map((r) => r.askMsMedian)),
        askMsLast20: median(rs.map((r) => r.askMsLast20)),
        ...(s === 'gp' ? { beatsEveryOptunaSampler: Object.values(ref).every((v) => med < v), beatsOptunaTpeMultivariate: med < ref['tpe-mv'] } : {}),
        ...(s.startsWith('tpe') || s === 'random' ? { optuna: ref[s], ratioToOptuna: med / ref[s] } : {}),
      };
    }
  }
  const gpWins = funcs.filter((f) => (table[f].gp as { beatsEveryOptunaSampler?: boolean } | undefined)?.beatsEveryOptunaSampler).length;
  console.log(
    JSON.stringify({
      bench: 'bayesopt-quality',
      seeds,
      samplers,
      optunaReference: OPTUNA,
      results: table,
      gpBeatsEveryOptunaSamplerOn: gpWins,
      wallSeconds: (performance.now() - started) / 1000,
      note: 'timings are noisy: the machine is shared with other engineers',
    }),
  );
}
