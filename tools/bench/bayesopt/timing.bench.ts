/**
 * Cost bench: GP-BO time per suggestion (hyperparameter refit + acquisition maximisation) at 50,
 * 200 and 1,000 observations in 10-D, against metatune's TPE measured in the same run.
 * "cold" is the first ask of a fresh sampler (multi-start fit); "warm" asks reuse the previous
 * fit as the L-BFGS start, as in a running study.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/bayesopt/timing.bench.ts [--sizes 50,200,1000] [--repeats 3] [--dim 10]
 */
import { GpSampler, TpeSampler } from '@metatune/bayesopt';
import { Rng, type Sampler, foldIn, makeKey } from '@metatune/core';
import { loadavg } from 'node:os';
import { benchmarkFunction } from '@metatune/tasks';
import { environmentInfo } from '../lib';
import { BenchHistory, median, spaceOf } from './loop';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt('sizes', '50,200,1000').split(',').map(Number);
const repeats = Number(opt('repeats', '3'));
const dim = Number(opt('dim', '10'));
const fn = benchmarkFunction('levy', dim);
const space = spaceOf(fn);

function history(n: number, seed: number): BenchHistory {
  const rng = new Rng(makeKey(seed));
  const h = new BenchHistory();
  for (let i = 0; i < n; i++) {
    const x = fn.bounds.map(([lo, hi]) => rng.between(lo, hi));
    h.add(Object.fromEntries(x.map((v, j) => [`x${j}`, v])), fn.evaluate(x));
  }
  return h;
}

/**
 * Wall and CPU milliseconds of one ask. The sampler is single-threaded, so its CPU time is the time
 * it would take on one idle core; on the shared machine the wall time is inflated by the load and
 * the CPU time much less so.
 */
function timeAsk(sampler: Sampler, h: BenchHistory, n: number, k: number): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  sampler.ask({ space, directions: ['minimize'], history: h, pending: [], trialNumber: n, key: foldIn(makeKey(7), k) });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const out: Record<string, unknown> = {};
for (const n of sizes) {
  const cold: { wall: number; cpu: number }[] = [];
  const warm: { wall: number; cpu: number }[] = [];
  const tpe: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < repeats; r++) {
    const h = history(n, r);
    const gp = new GpSampler();
    cold.push(timeAsk(gp, h, n, r));
    const p = h.trials[0].params;
    h.add(p, fn.evaluate(fn.bounds.map((_, j) => p[`x${j}`] as number)) + 1e-3);
    warm.push(timeAsk(gp, h, n + 1, r + 100));
    tpe.push(timeAsk(new TpeSampler(), h, n + 1, r));
  }
  // The load average next to every size: on the shared machine it changes during the run.
  const wall = (xs: { wall: number }[]) => median(xs.map((x) => x.wall));
  const cpu = (xs: { cpu: number }[]) => median(xs.map((x) => x.cpu));
  out[n] = {
    gpColdMs: wall(cold),
    gpWarmMs: wall(warm),
    tpeMs: wall(tpe),
    gpColdCpuMs: cpu(cold),
    gpWarmCpuMs: cpu(warm),
    tpeCpuMs: cpu(tpe),
    gpWarmOverTpe: wall(warm) / wall(tpe),
    loadAverage1m: loadavg()[0],
  };
  process.stderr.write(`${n}: ${JSON.stringify(out[n])}\n`);
}
console.log(JSON.stringify({ bench: 'bayesopt-timing', dim, repeats, observations: out, env: environmentInfo(), loadAverageAtEnd: loadavg(), note: 'medians; one core; the machine is shared, so timings are noisy' }));
