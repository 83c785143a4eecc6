/**
 * The population samplers as HPO samplers on the bayesopt issue's five functions and budgets
 * (Branin 50 trials, Hartmann6 100, Rosenbrock-10 / Ackley-10 / Levy-10 200; BoTorch domains, from
 * @metatune/tasks): median final simple regret over seeds, with Optuna 3.1's figures measured on
 * this machine (../shared/peers/results/tables.md) in the same table.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/evolution/hpo.bench.ts [--full] [--seeds N] [--samplers cmaes,de,...] [--funcs branin,...] [--seed-offset K] [--x0 centre|random] [--python /usr/bin/python3] [--no-optuna]
 *
 * Default: 3 seeds, all five samplers. --full: 10 seeds (the issue's protocol). Seeds are
 * seed-offset .. seed-offset + seeds - 1, default 1..N as in the Optuna script. Trials run one at
 * a time (sequential study), each sampler rebuilding its state from the history as a worker would.
 * --x0 sets the CMA-ES sampler's initial mean (default 'centre', Optuna's default too; 'random'
 * shows how much Ackley, whose optimum is the centre of its box, owes to that start).
 * Unless --no-optuna, Optuna's CmaEsSampler runs in the same bench run on the same functions and
 * seeds (../shared/peers/hpo_optuna.py, one worker process) and its medians are reported next to
 * ours; the stored 10-seed figures are kept as `optuna_reference`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeKey, type Sampler } from '@metatune/core';
import { cmaesSampler, deSampler, esSampler, gaSampler, psoSampler } from '@metatune/evolution';
import { benchmarkFunction, functionTask } from '@metatune/tasks';
import { MemoryHistory, median, option, quantile } from './common';

/** Optuna 3.1 median final regret over 10 seeds (../shared/peers/results/tables.md). */
const OPTUNA: Record<string, Record<string, number>> = {
  branin: { random: 0.7465, tpe: 0.1814, cmaes: 0.3943 },
  hartmann6: { random: 1.286, tpe: 0.2486, cmaes: 0.2541 },
  rosenbrock10: { random: 51980, tpe: 767.7, cmaes: 520.8 },
  ackley10: { random: 19.23, tpe: 12.92, cmaes: 6.401 },
  levy10: { random: 25.62, tpe: 6.848, cmaes: 1.104 },
};
const PROBLEMS = [
  { key: 'branin', name: 'branin', d: 2, budget: 50 },
  { key: 'hartmann6', name: 'hartmann6', d: 6, budget: 100 },
  { key: 'rosenbrock10', name: 'rosenbrock', d: 10, budget: 200 },
  { key: 'ackley10', name: 'ackley', d: 10, budget: 200 },
  { key: 'levy10', name: 'levy', d: 10, budget: 200 },
] as const;
const SAMPLERS: Record<string, (seed: number) => Sampler> = {
  cmaes: (seed) => cmaesSampler({ seed, x0 }),
  // Independent steps, as the `cmaes` library behind Optuna's CmaEsSampler draws them.
  'cmaes-independent': (seed) => cmaesSampler({ seed, x0, sampling: 'independent' }),
  de: (seed) => deSampler({ seed }),
  pso: (seed) => psoSampler({ seed }),
  ga: (seed) => gaSampler({ seed }),
  es: (seed) => esSampler({ seed }),
};

const x0 = option('x0', 'centre') as 'centre' | 'random';
const full = option('full', 'false') === 'true';
const seeds = Number(option('seeds', full ? '10' : '3'));
const samplers = option('samplers', Object.keys(SAMPLERS).join(',')).split(',');
const funcs = option('funcs', PROBLEMS.map((p) => p.key).join(',')).split(',');
const seedOffset = Number(option('seed-offset', '1'));
const python = option('python', '/usr/bin/python3');
// The reference peers live in shared/ beside the repository checkout.
const peers = option('peers', fileURLToPath(new URL('../../../../shared/peers', import.meta.url)));
const loadAtStart = loadavg().map((v) => Number(v.toFixed(2)));

const rows = [];
const t0 = performance.now();
for (const p of PROBLEMS.filter((q) => funcs.includes(q.key))) {
  const task = functionTask(benchmarkFunction(p.name as never, p.d));
  for (const name of samplers) {
    const regrets: number[] = [];
    const askMs: number[] = [];
    for (let s = 0; s < seeds; s++) {
      const sampler = SAMPLERS[name](seedOffset + s);
      const history = new MemoryHistory();
      let best = Infinity;
      for (let t = 0; t < p.budget; t++) {
        const a = performance.now();
        const params = sampler.ask({ space: task.space, directions: ['minimize'], history, pending: [], trialNumber: t, key: makeKey(t) });
        askMs.push(performance.now() - a);
        const v = task.objective(params);
        best = Math.min(best, v);
        history.add(params, v);
      }
      regrets.push(best - task.optimum!);
    }
    const med = median(regrets)!;
    const ref = OPTUNA[p.key][name];
    rows.push({
      function: p.key,
      sampler: name,
      budget: p.budget,
      seeds,
      regret_final_median: Number(med.toPrecision(4)),
      regret_final_iqr: [quantile(regrets, 0.25), quantile(regrets, 0.75)].map((v) => Number(v!.toPrecision(4))),
      optuna_median: ref ?? null,
      ratio_vs_optuna: ref ? Number((med / ref).toFixed(3)) : null,
      ask_ms_median: Number(median(askMs)!.toFixed(3)),
    });
    process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
  }
}
const oursWallS = Number(((performance.now() - t0) / 1000).toFixed(1));

interface OptunaRow {
  func: string;
  sampler: string;
  seeds: number;
  regret_final: { median: number; iqr: [number, number] };
  ask_ms_median: number;
}

/** Optuna's CmaEsSampler on the same functions and seeds, now; null without python or with --no-optuna. */
function optunaNow(): OptunaRow[] | { error: string } | null {
  const script = join(peers, 'hpo_optuna.py');
  if (process.argv.includes('--no-optuna') || !samplers.includes('cmaes') || seedOffset !== 1 || !existsSync(python) || !existsSync(script)) return null;
  const args = [script, '--jobs', '1', '--samplers', 'cmaes', '--seeds', String(seeds), '--funcs', PROBLEMS.filter((q) => funcs.includes(q.key)).map((q) => q.key).join(',')];
  try {
    const out = execFileSync(python, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 1_200_000 });
    return (JSON.parse(out.trim().split('\n').pop()!) as { results: OptunaRow[] }).results;
  } catch (error) {
    return { error: String(error).slice(0, 200) };
  }
}

const optuna = optunaNow();
const sideBySide = Array.isArray(optuna)
  ? rows
      .filter((r) => r.sampler === 'cmaes')
      .map((r) => {
        const o = optuna.find((q) => q.func === r.function)!;
        return {
          function: r.function,
          seeds,
          metatune_cmaes_median: r.regret_final_median,
          optuna_cmaes_median_now: o.regret_final.median,
          optuna_cmaes_iqr_now: o.regret_final.iqr,
          ratio: Number((r.regret_final_median / o.regret_final.median).toFixed(3)),
          metatune_ask_ms_median: r.ask_ms_median,
          optuna_ask_ms_median: o.ask_ms_median,
        };
      })
  : optuna;
console.log(
  JSON.stringify({
    bench: 'evolution/hpo',
    full,
    seeds,
    seed_range: [seedOffset, seedOffset + seeds - 1],
    cmaes_x0: x0,
    node: process.version,
    load_average_at_start: loadAtStart,
    total_wall_s: oursWallS,
    optuna_reference: OPTUNA,
    results: rows,
    cmaes_vs_optuna_same_run: sideBySide,
  }),
);
