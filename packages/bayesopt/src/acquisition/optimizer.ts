import { type Key, Rng, split } from '@metatune/core';
import { SOBOL_MAX_DIMENSION, Sobol } from '../linalg/sobol';

/** Options of {@link optimizeAcquisition}. */
export interface AcquisitionOptimizerOptions {
  /** Quasi-random (Sobol) candidates of the global sweep (default min(1024, 64 d + 256)). */
  readonly sweep?: number;
  /** Candidates drawn around each incumbent (default 48). */
  readonly perIncumbent?: number;
  /** Number of best points refined locally (default 4). */
  readonly localStarts?: number;
  /** Rounds of local refinement per start (default 20), each scoring `localBatch` perturbations. */
  readonly localSteps?: number;
  /** Perturbations per local round (default 6). */
  readonly localBatch?: number;
}

/** Scores a batch of unit-cube points (higher is better). */
export type BatchScore = (points: readonly Float64Array[]) => Float64Array;

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Perturbs `center`: each coordinate moves with probability min(1, 4 / d) (at least one moves), by
 * a Gaussian step of scale `sigma`, then clamps to the cube. Perturbing a few coordinates at a time
 * is what makes local search work in 10+ dimensions (as in TuRBO and HEBO).
 */
function perturb(center: Float64Array, sigma: number, rng: Rng): Float64Array {
  const d = center.length;
  const out = Float64Array.from(center);
  const p = Math.min(1, 4 / d);
  let moved = false;
  for (let j = 0; j < d; j++) {
    if (rng.uniform() < p) {
      out[j] = clamp01(out[j] + sigma * rng.normal());
      moved = true;
    }
  }
  if (!moved) {
    const j = rng.int(0, d);
    out[j] = clamp01(out[j] + sigma * rng.normal());
  }
  return out;
}

/**
 * Maximises an acquisition over the unit cube [0, 1]^d: a Sobol sweep, Gaussian perturbations
 * around the incumbents (the best observed points), then a derivative-free local refinement
 * ((1 + lambda) evolution strategy with step-size adaptation) from the best few points. The
 * score is evaluated on the points as given; the caller rounds integers and picks categorical
 * bins inside `score`, so the acquisition sees only points the space can take.
 */
export function optimizeAcquisition(
  d: number,
  score: BatchScore,
  incumbents: readonly Float64Array[],
  key: Key,
  options: AcquisitionOptimizerOptions = {},
): { point: Float64Array; value: number } {
  const [sobolKey, rngKey] = split(key);
  const rng = new Rng(rngKey);
  const sweep = options.sweep ?? Math.min(1024, 64 * d + 256);
  const candidates: Float64Array[] = [];
  if (d <= SOBOL_MAX_DIMENSION) {
    const sobol = new Sobol(d, { key: sobolKey });
    for (let i = 0; i < sweep; i++) candidates.push(sobol.next());
  } else {
    for (let i = 0; i < sweep; i++) {
      const p = new Float64Array(d);
      for (let j = 0; j < d; j++) p[j] = rng.uniform();
      candidates.push(p);
    }
  }
  const perIncumbent = options.perIncumbent ?? 48;
  for (const inc of incumbents) {
    for (let i = 0; i < perIncumbent; i++) candidates.push(perturb(inc, [0.01, 0.05, 0.2][i % 3], rng));
  }
  const values = score(candidates);
  const order = [...values.keys()].filter((i) => Number.isFinite(values[i])).sort((a, b) => values[b] - values[a]);
  if (order.length === 0) return { point: candidates[0], value: Number.NEGATIVE_INFINITY };
  const starts = order.slice(0, options.localStarts ?? 4);
  let best = { point: candidates[order[0]], value: values[order[0]] };
  const steps = options.localSteps ?? 20;
  const batch = options.localBatch ?? 6;
  for (const s of starts) {
    let x = candidates[s];
    let fx = values[s];
    let sigma = 0.05;
    for (let t = 0; t < steps && sigma > 1e-4; t++) {
      const trial: Float64Array[] = [];
      for (let b = 0; b < batch; b++) trial.push(perturb(x, sigma, rng));
      const tv = score(trial);
      let bi = -1;
      for (let b = 0; b < batch; b++) if (tv[b] > fx && (bi < 0 || tv[b] > tv[bi])) bi = b;
      if (bi >= 0) {
        x = trial[bi];
        fx = tv[bi];
        sigma = Math.min(0.3, sigma * 1.5);
      } else {
        sigma *= 0.5;
      }
    }
    if (fx > best.value) best = { point: x, value: fx };
  }
  return best;
}
