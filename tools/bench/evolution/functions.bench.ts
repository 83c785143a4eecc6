/**
 * Evaluations to reach f - f* <= 1e-8 on the shifted sphere, ellipsoid, Rosenbrock and Rastrigin
 * (10-D and 20-D), with the settings of ../shared/peers/cmaes_deap.py so the comparison with deap
 * 1.3 and scipy is like for like: CMA-ES x0 ~ U[-4, 4]^D (own RNG, per seed), sigma0 = 2, default
 * lambda, no restarts, no bounds, stop at f <= 1e-8 (the index of the first hitting evaluation is
 * recorded), at 1e4 D evaluations, or when sigma sqrt(max eig C) < 1e-12. IPOP / BIPOP-CMA-ES on
 * Rastrigin restart from U[-4, 4]^D. DE (JADE, metatune's default) in [-5, 5]^D like scipy's run.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/evolution/functions.bench.ts [--full] [--seeds N] [--de-seeds N] [--dims 10,20] [--algos cmaes,cmaes-independent,cmaes-classic,ipop,bipop,de] [--funcs sphere,...] [--python /usr/bin/python3] [--no-deap]
 *
 * Default: 3 seeds, D = 10. --full: 10 seeds (CMA-ES) / 5 seeds (DE), D = 10 and 20, as the reference.
 * deap runs in the same bench run, after ours (./deap_overhead.py: the peer script's loop with the
 * same seeds, dimensions and functions), and both are timed on two clocks, per 1000 evaluations:
 * "own CPU ms" is the optimizer alone (ask + tell, or generate + update; objective excluded; process
 * CPU time, which a loaded machine disturbs less, but which also counts V8's background GC and
 * compiler threads), "own wall ms" the same calls on the wall clock (the fair one on a quiet
 * machine) and "wall ms" the whole loop, objective included (how the peer script times itself).
 */
import { CMAES, type CmaesOptions, DifferentialEvolution, RestartCMAES, type VectorOptimizer } from '@metatune/evolution';
import { Rng, makeKey } from '@metatune/core';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, option, quantile, shiftedFunction } from './common';

const full = option('full', 'false') === 'true';
const seeds = Number(option('seeds', full ? '10' : '3'));
const deSeeds = Number(option('de-seeds', full ? '5' : '2'));
const dims = option('dims', full ? '10,20' : '10').split(',').map(Number);
const funcs = option('funcs', 'sphere,ellipsoid,rosenbrock,rastrigin').split(',');
const algos = option('algos', 'cmaes,cmaes-independent,cmaes-classic,ipop,bipop,de').split(',');
const TARGET = 1e-8;
const python = option('python', '/usr/bin/python3');
// The reference peers live in shared/ beside the repository checkout.
const peers = option('peers', fileURLToPath(new URL('../../../../shared/peers', import.meta.url)));

/** deap 1.3 / scipy 1.10 reference (../shared/peers/results/tables.md, 10 seeds CMA-ES, 5 seeds DE). */
const REFERENCE: Record<string, { evals: number | null; success: number; msPer1k?: number }> = {
  'cmaes/sphere/10': { evals: 1450, success: 1, msPer1k: 12.1 },
  'cmaes/ellipsoid/10': { evals: 5789, success: 1, msPer1k: 12.9 },
  'cmaes/rosenbrock/10': { evals: 6090, success: 1, msPer1k: 12.8 },
  'cmaes/rastrigin/10': { evals: null, success: 0, msPer1k: 12.4 },
  'cmaes/sphere/20': { evals: 2760, success: 1, msPer1k: 15.7 },
  'cmaes/ellipsoid/20': { evals: 18446, success: 1, msPer1k: 15.5 },
  'cmaes/rosenbrock/20': { evals: 22249, success: 0.7, msPer1k: 15.1 },
  'cmaes/rastrigin/20': { evals: null, success: 0, msPer1k: 15.4 },
  'de/sphere/10': { evals: 17445, success: 1 },
  'de/ellipsoid/10': { evals: 20877, success: 1 },
  'de/rosenbrock/10': { evals: 73935, success: 1 },
  'de/rastrigin/10': { evals: 80592, success: 0.8 },
  'de/sphere/20': { evals: 67533, success: 1 },
  'de/ellipsoid/20': { evals: 82916, success: 1 },
  'de/rosenbrock/20': { evals: null, success: 0 },
  'de/rastrigin/20': { evals: null, success: 0 },
};

/**
 * The CMA-ES variants: `cmaes` is metatune's default (active covariance update, mirrored orthogonal
 * sampling); `cmaes-independent` Hansen's tutorial and the `cmaes` library (active, independent
 * steps); `cmaes-classic` deap (positive weights only, independent steps).
 */
const CMAES_VARIANTS: Record<string, Pick<CmaesOptions, 'activeCovariance' | 'sampling'>> = {
  cmaes: {},
  'cmaes-independent': { sampling: 'independent' },
  'cmaes-classic': { activeCovariance: false, sampling: 'independent' },
};

interface RunResult {
  hit: number | null;
  evals: number;
  best: number;
  ownMs: number;
  /** Wall time of ask + tell alone: unlike process CPU time it leaves out V8's background GC and compiler threads. */
  ownWallMs: number;
  wallMs: number;
}

/** CPU milliseconds of this process since `start`: robust to the load of a shared machine, unlike wall time. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function runOptimizer(opt: VectorOptimizer, f: (x: ArrayLike<number>) => number, budget: number, scale?: () => number): RunResult {
  let evals = 0;
  let best = Infinity;
  let ownMs = 0;
  let ownWallMs = 0;
  const start = performance.now();
  const done = (hit: number | null, n: number) => ({ hit, evals: n, best, ownMs, ownWallMs, wallMs: performance.now() - start });
  for (;;) {
    let t0 = process.cpuUsage();
    let w0 = performance.now();
    const xs = opt.ask();
    ownWallMs += performance.now() - w0;
    ownMs += cpuMs(t0);
    const fs = xs.map(f);
    for (let i = 0; i < fs.length; i++) {
      if (fs[i] < best) best = fs[i];
      if (fs[i] <= TARGET) return done(evals + i + 1, evals + i + 1);
    }
    evals += xs.length;
    t0 = process.cpuUsage();
    w0 = performance.now();
    opt.tell(xs, fs);
    ownWallMs += performance.now() - w0;
    ownMs += cpuMs(t0);
    if (evals >= budget || (scale !== undefined && scale() < 1e-12)) return done(null, evals);
  }
}

function x0(d: number, seed: number): Float64Array {
  const rng = new Rng(makeKey(10_000 + seed));
  return Float64Array.from({ length: d }, () => rng.between(-4, 4));
}

function summarise(algo: string, fn: string, d: number, runs: RunResult[]) {
  const hits = runs.filter((r) => r.hit !== null).map((r) => r.hit!);
  const ref = REFERENCE[`${algo.startsWith('cmaes') || algo.includes('pop') ? 'cmaes' : 'de'}/${fn}/${d}`];
  const med = median(hits);
  return {
    algo,
    func: fn,
    dim: d,
    runs: runs.length,
    success_rate: hits.length / runs.length,
    evals_to_target_median: med,
    evals_to_target_iqr: hits.length ? [quantile(hits, 0.25), quantile(hits, 0.75)] : null,
    final_f_median: median(runs.map((r) => r.best)),
    own_cpu_ms_per_1000_evals_median: Number(median(runs.map((r) => (1000 * r.ownMs) / r.evals))!.toFixed(3)),
    own_wall_ms_per_1000_evals_median: Number(median(runs.map((r) => (1000 * r.ownWallMs) / r.evals))!.toFixed(3)),
    wall_ms_per_1000_evals_median: Number(median(runs.map((r) => (1000 * r.wallMs) / r.evals))!.toFixed(3)),
    reference: ref,
    ratio_evals_vs_reference: med !== null && ref?.evals ? Number((med / ref.evals).toFixed(3)) : null,
  };
}

// Warm-up, not recorded: the first runs would otherwise carry the JIT compilation in their timings.
for (const variant of Object.keys(CMAES_VARIANTS)) {
  const es = new CMAES({ mean: x0(10, 99), sigma: 2, seed: 99, ...CMAES_VARIANTS[variant] });
  runOptimizer(es, shiftedFunction('ellipsoid', 10), 3000, () => es.scale);
}
runOptimizer(new DifferentialEvolution({ bounds: Array.from({ length: 10 }, () => [-5, 5] as const), seed: 99 }), shiftedFunction('sphere', 10), 3000);

const loadAtStart = loadavg().map((v) => Number(v.toFixed(2)));
const results: ReturnType<typeof summarise>[] = [];
const t0 = performance.now();
for (const d of dims) {
  const budget = 1e4 * d;
  for (const fn of funcs) {
    const f = shiftedFunction(fn, d);
    for (const variant of Object.keys(CMAES_VARIANTS).filter((a) => algos.includes(a))) {
      const cma: RunResult[] = [];
      for (let s = 0; s < seeds; s++) {
        const es = new CMAES({ mean: x0(d, s), sigma: 2, seed: s, ...CMAES_VARIANTS[variant] });
        cma.push(runOptimizer(es, f, budget, () => es.scale));
      }
      results.push(summarise(variant, fn, d, cma));
      process.stderr.write(`${variant} ${fn} ${d}: ${JSON.stringify(results.at(-1))}\n`);
    }
    if (fn === 'rastrigin') {
      for (const strategy of (['ipop', 'bipop'] as const).filter((a) => algos.includes(a))) {
        const runs: RunResult[] = [];
        for (let s = 0; s < seeds; s++) {
          const box = Array.from({ length: d }, () => [-4, 4] as const);
          runs.push(runOptimizer(new RestartCMAES({ strategy, mean: x0(d, s), sigma: 2, seed: s, restartBox: box }), f, budget));
        }
        results.push(summarise(`${strategy}-cmaes`, fn, d, runs));
        process.stderr.write(`${strategy} ${fn} ${d}: ${JSON.stringify(results.at(-1))}\n`);
      }
    }
    if (!algos.includes('de')) continue;
    const de: RunResult[] = [];
    for (let s = 0; s < deSeeds; s++) {
      const bounds = Array.from({ length: d }, () => [-5, 5] as const);
      de.push(runOptimizer(new DifferentialEvolution({ bounds, seed: s }), f, budget));
    }
    results.push(summarise('de-jade', fn, d, de));
    process.stderr.write(`de ${fn} ${d}: ${JSON.stringify(results.at(-1))}\n`);
  }
}
const oursWallS = Number(((performance.now() - t0) / 1000).toFixed(1));

interface PeerRow {
  func: string;
  dim: number;
  success_rate: number;
  evals_to_target_median: number | null;
  own_cpu_ms_per_1000_evals_median: number;
  own_wall_ms_per_1000_evals_median: number;
  wall_ms_per_1000_evals_median: number;
}

/**
 * deap measured now by ./deap_overhead.py: the loop of ../shared/peers/cmaes_deap.py (same
 * functions, seeds, x0, sigma0 and stopping rules), timed on the same two clocks as ours; null
 * without python, deap or --no-deap.
 */
function deap(): { rows: PeerRow[] } | { error: string } | null {
  const script = fileURLToPath(new URL('./deap_overhead.py', import.meta.url));
  if (process.argv.includes('--no-deap') || !existsSync(python) || !existsSync(join(peers, 'cmaes_deap.py'))) return null;
  const args = [script, '--peers', peers, '--seeds', String(seeds), '--dims', dims.join(','), '--funcs', funcs.join(',')];
  try {
    const out = execFileSync(python, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 1_200_000 });
    return { rows: (JSON.parse(out.trim().split('\n').pop()!) as { results: PeerRow[] }).results };
  } catch (error) {
    return { error: String(error).slice(0, 200) };
  }
}

const loadBefore = loadavg().map((v) => Number(v.toFixed(2)));
const peer = deap();
const overhead = [];
if (peer !== null && 'rows' in peer) {
  for (const r of results.filter((q) => q.algo in CMAES_VARIANTS)) {
    const p = peer.rows.find((q) => q.func === r.func && q.dim === r.dim);
    if (!p) continue;
    overhead.push({
      algo: r.algo,
      func: r.func,
      dim: r.dim,
      ours_own_cpu_ms_per_1000_evals: r.own_cpu_ms_per_1000_evals_median,
      deap_own_cpu_ms_per_1000_evals: p.own_cpu_ms_per_1000_evals_median,
      ratio_own_cpu_vs_deap: Number((r.own_cpu_ms_per_1000_evals_median / p.own_cpu_ms_per_1000_evals_median).toFixed(3)),
      ours_own_wall_ms_per_1000_evals: r.own_wall_ms_per_1000_evals_median,
      deap_own_wall_ms_per_1000_evals: p.own_wall_ms_per_1000_evals_median,
      ratio_own_wall_vs_deap: Number((r.own_wall_ms_per_1000_evals_median / p.own_wall_ms_per_1000_evals_median).toFixed(3)),
      ours_wall_ms_per_1000_evals: r.wall_ms_per_1000_evals_median,
      deap_wall_ms_per_1000_evals: p.wall_ms_per_1000_evals_median,
      ratio_wall_vs_deap: Number((r.wall_ms_per_1000_evals_median / p.wall_ms_per_1000_evals_median).toFixed(3)),
      ours_evals_to_target: r.evals_to_target_median,
      deap_evals_to_target_now: p.evals_to_target_median,
      ratio_evals_vs_deap_now: r.evals_to_target_median !== null && p.evals_to_target_median ? Number((r.evals_to_target_median / p.evals_to_target_median).toFixed(3)) : null,
      ours_success_rate: r.success_rate,
      deap_success_rate_now: p.success_rate,
    });
  }
}
console.log(
  JSON.stringify({
    bench: 'evolution/functions',
    full,
    seeds,
    de_seeds: deSeeds,
    dims,
    target: TARGET,
    node: process.version,
    load_average_at_start_and_before_deap: [loadAtStart, loadBefore],
    total_wall_s: oursWallS,
    results,
    deap_same_run: peer,
    overhead_vs_deap: overhead,
  }),
);
