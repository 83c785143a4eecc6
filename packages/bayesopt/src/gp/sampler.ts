import {
  type Key,
  MetatuneError,
  type ParamValues,
  type PreviousStudy,
  type SampleRequest,
  type Sampler,
  type SearchSpace,
  foldIn,
  makeKey,
  split,
} from '@metatune/core';
import { type AcquisitionName, acquisitionValue, ucbBeta } from '../acquisition/functions';
import { type AcquisitionOptimizerOptions, optimizeAcquisition } from '../acquisition/optimizer';
import { SOBOL_MAX_DIMENSION, Sobol } from '../linalg/sobol';
import { FeatureMap } from '../space/features';
import { ensemblePredict, rankingLoss, rgpeWeights } from '../transfer/rgpe';
import { observations, singleDirection, standardization, warnExcluded } from '../util/observations';
import { powerTransform } from '../util/power-transform';
import { type GpPriors, defaultPriors, fitGp } from './fit';
import { GpModel, type GpHyperparameters, type Posterior } from './model';
import { type TrustRegionOptions, replayTrustRegion, resolveTrustRegion, trustRegionBox } from './trust-region';

/** How pending (running) trials enter the model, so parallel workers get different points. */
export type PendingStrategy = 'kriging-believer' | 'constant-liar';

/** How `warmStart` uses earlier studies. */
export type WarmStartMethod = 'rgpe' | 'seed' | 'box';

/** Options of {@link GpSampler}. */
export interface GpSamplerOptions {
  /** Acquisition function (default 'logEI'). PI is maximised on the log scale. */
  readonly acquisition?: AcquisitionName;
  /** Size of the initial Sobol design (default max(2 d + 1, 5), d = number of parameters). */
  readonly nInitial?: number;
  /** Seed of the initial design's digital shift and of the hyperparameter restarts (default 0). */
  readonly seed?: number;
  /**
   * Most observations the GP conditions on (default 250). Beyond it, the best half and the most
   * recent others are kept, which bounds the cost per suggestion (see the README).
   */
  readonly maxObservations?: number;
  /** Most observations used to fit the hyperparameters (default 100, same subset rule). */
  readonly maxFitObservations?: number;
  /** Pending trials: fantasised at the posterior mean (default) or at the best value so far. */
  readonly pendingStrategy?: PendingStrategy;
  /** UCB exploration weight; default the schedule of {@link ucbBeta}. */
  readonly ucbBeta?: number;
  /** Random hyperparameter restarts (default 2 on a cold fit, 0 when the previous fit is reused as start). */
  readonly restarts?: number;
  /**
   * Warm-start method (default 'rgpe'): 'rgpe' (ranking-weighted GP ensemble), 'seed' (initial
   * design from the earlier studies' best configurations) or 'box' (seeding, then the acquisition
   * restricted to a box around the earlier optima that did well on the new study; see {@link searchBox}).
   */
  readonly warmStartMethod?: WarmStartMethod;
  /** Settings of the acquisition maximiser. */
  readonly optimizer?: AcquisitionOptimizerOptions;
  /**
   * How observed values become the GP's targets: 'standardize' (default; zero mean, unit variance)
   * or 'power' (a Yeo-Johnson transform fitted by maximum likelihood, then standardized; see
   * {@link powerTransform}), which keeps a heavy upper tail from flattening the basin.
   */
  readonly outputTransform?: 'standardize' | 'power';
  /**
   * The objective returns the same value for the same parameters (a benchmark function, a fully
   * seeded training run): the noise variance's prior is centred on 1e-6 of the standardized
   * variance instead of e^-4, so the GP interpolates and can resolve the basin finely (as Optuna's
   * `GPSampler(deterministic_objective=True)`). Default false: real training runs are noisy.
   */
  readonly deterministicObjective?: boolean;
  /**
   * Maximise the acquisition only inside a trust region around the incumbent (TuRBO's box: side
   * lengths from the GP's length scales, doubled after successes, halved after failures, restarted
   * when tiny; see {@link replayTrustRegion}). `true` takes the defaults of
   * {@link TrustRegionOptions}. Default off: the acquisition searches the whole space. The region
   * makes the search local, which speeds up convergence inside a basin once one is found.
   */
  readonly trustRegion?: boolean | TrustRegionOptions;
}

/** An axis-aligned box in the unit cube. */
interface Box {
  readonly low: Float64Array;
  readonly high: Float64Array;
}

interface BaseTask {
  readonly model: GpModel;
  /** Unit-cube points of the study's trials, best first. */
  readonly bestPoints: Float64Array[];
}

function flatten(rows: readonly Float64Array[], width: number): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((r, i) => out.set(r, i * width));
  return out;
}

/**
 * Hyperparameter transfer for warm starts: the GP of the new study gets a length-scale prior
 * centred on the mean log length scale (per feature) of the earlier studies' GPs, with a tighter
 * scale (0.75 instead of sqrt 3), and starts its fit there. With few observations of the new task,
 * the fit then inherits how smooth the family is, as in HyperBO's pre-trained priors (Wang et al.
 * 2021), instead of the generic long length scales of the default prior.
 */
export function transferredPriors(hypers: readonly GpHyperparameters[], d: number): { priors: GpPriors; start: GpHyperparameters } {
  const loc = new Float64Array(d);
  for (const h of hypers) for (let j = 0; j < d; j++) loc[j] += Math.log(h.lengthscales[j]) / hypers.length;
  let noise = 0;
  for (const h of hypers) noise += Math.log(h.noise) / hypers.length;
  const base = defaultPriors(d);
  return {
    priors: { ...base, lengthscaleLoc: loc, lengthscaleScale: 0.75, noiseLoc: Math.max(noise, -10) },
    start: { lengthscales: loc.map(Math.exp), outputscale: 1, noise: Math.exp(Math.max(noise, -10)), mean: 0 },
  };
}

/** Centre of the noise-variance prior (standardized units) with `deterministicObjective`: the fit's lower bound. */
const DETERMINISTIC_NOISE = 1e-6;

/** Smallest half-width of the 'box' warm start's search box per unit-cube coordinate. */
const BOX_MIN_HALF_WIDTH = 0.05;
/** The box is the earlier optima's bounding box scaled by this factor about its centre. */
const BOX_WIDEN = 2;

/**
 * The search box of the 'box' warm start, after Perrone et al. 2019 ("Learning search spaces for
 * Bayesian optimization"): the bounding box (in the unit cube) of the earlier studies' best
 * configurations and the new study's incumbent, widened by half its width on each side and to at
 * least 0.1 per coordinate, clipped to the cube.
 * Earlier optima that did badly on the new study (their seeded trial is in the worse half of the
 * seeded trials) are left out, so that one earlier study that found a different basin does not
 * stretch the box over the whole space.
 */
export function searchBox(bases: readonly { bestPoints: Float64Array[] }[], fmap: FeatureMap, obs: { params: ParamValues[]; values: number[] }): { low: Float64Array; high: Float64Array } {
  const P = fmap.names.length;
  const tried = obs.params.map((p) => fmap.encode(p));
  const scored = bases
    .map((b) => b.bestPoints[0])
    .filter((u): u is Float64Array => u !== undefined)
    .map((u) => {
      const enc = fmap.encode(fmap.decode(u));
      const k = tried.findIndex((t) => t.every((v, j) => Math.abs(v - enc[j]) < 1e-9));
      return { u: enc, value: k >= 0 ? obs.values[k] : Number.NaN };
    });
  const seen = scored.filter((s) => Number.isFinite(s.value)).sort((a, b) => a.value - b.value);
  const chosen = seen.length >= 2 ? seen.slice(0, Math.max(2, Math.ceil(seen.length / 2))) : scored;
  const low = new Float64Array(P).fill(1);
  const high = new Float64Array(P).fill(0);
  for (const { u } of chosen) {
    for (let j = 0; j < P; j++) {
      low[j] = Math.min(low[j], u[j]);
      high[j] = Math.max(high[j], u[j]);
    }
  }
  // The new study's incumbent is always inside, so that the box can follow it.
  const best = obs.values.length > 0 ? obs.values.indexOf(Math.min(...obs.values)) : -1;
  if (best >= 0) {
    for (let j = 0; j < P; j++) {
      low[j] = Math.min(low[j], tried[best][j]);
      high[j] = Math.max(high[j], tried[best][j]);
    }
  }
  for (let j = 0; j < P; j++) {
    const half = Math.max(BOX_MIN_HALF_WIDTH, (BOX_WIDEN * (high[j] - low[j])) / 2);
    const mid = (low[j] + high[j]) / 2;
    low[j] = Math.max(0, mid - half);
    high[j] = Math.min(1, mid + half);
  }
  return { low, high };
}

/** Indices of the kept observations: the best `cap / 2` and then the most recent others. */
export function subsetIndices(values: readonly number[], cap: number): number[] {
  const n = values.length;
  if (n <= cap) return [...Array(n).keys()];
  const byValue = [...Array(n).keys()].sort((a, b) => values[a] - values[b]);
  const keep = new Set(byValue.slice(0, Math.floor(cap / 2)));
  for (let i = n - 1; i >= 0 && keep.size < cap; i--) keep.add(i);
  return [...keep].sort((a, b) => a - b);
}

/**
 * Gaussian-process Bayesian optimisation (`sampler:gp`): a Matern-5/2 ARD GP with constant mean and
 * learned noise on unit-cube features (log parameters in log space, one-hot categoricals), outputs
 * standardized, hyperparameters by MAP with multi-start L-BFGS; log-EI (default), EI, PI or UCB
 * maximised by a Sobol sweep plus local refinement, with integers rounded and categoricals binned
 * inside the acquisition. Pending trials are fantasised (kriging believer or constant liar).
 * With earlier studies, RGPE (or seeding with their best configurations) speeds up the search.
 */
export class GpSampler implements Sampler {
  readonly name = 'gp';
  readonly multiObjective = false;
  private readonly options: GpSamplerOptions;
  private lastHyper: GpHyperparameters | undefined;
  private fits = 0;
  private previous: readonly PreviousStudy[] = [];
  private bases: BaseTask[] | undefined;
  /** Priors learned from the earlier studies' GPs (see {@link transferredPriors}). */
  private basePriors: GpPriors | undefined;
  private baseHyper: GpHyperparameters | undefined;
  private basesFor: SearchSpace | undefined;
  /** Set after the first warning about non-finite values. */
  warned?: boolean;

  constructor(options: GpSamplerOptions = {}) {
    this.options = options;
    if (options.nInitial !== undefined && (!Number.isInteger(options.nInitial) || options.nInitial < 1)) {
      throw new MetatuneError('INVALID_OPTIONS', `nInitial must be a positive integer, got ${options.nInitial}`);
    }
    if (options.deterministicObjective !== undefined && typeof options.deterministicObjective !== 'boolean') {
      throw new MetatuneError('INVALID_OPTIONS', `deterministicObjective must be true or false, got ${JSON.stringify(options.deterministicObjective)}`);
    }
    if (options.trustRegion !== undefined && typeof options.trustRegion !== 'boolean' && (typeof options.trustRegion !== 'object' || options.trustRegion === null)) {
      throw new MetatuneError('INVALID_OPTIONS', `trustRegion must be true, false or an options object, got ${JSON.stringify(options.trustRegion)}`);
    }
    if (typeof options.trustRegion === 'object') resolveTrustRegion(options.trustRegion, 1);
    if (options.outputTransform !== undefined && options.outputTransform !== 'standardize' && options.outputTransform !== 'power') {
      throw new MetatuneError('INVALID_OPTIONS', `outputTransform must be 'standardize' or 'power', got ${JSON.stringify(options.outputTransform)}`);
    }
  }

  /** Keeps earlier studies; their GPs are fitted lazily on the first `ask` (they need the space). */
  warmStart(previous: readonly PreviousStudy[]): void {
    this.previous = previous;
    this.bases = undefined;
  }

  ask(request: SampleRequest): ParamValues {
    return this.askBatch(request, 1)[0];
  }

  askBatch(request: SampleRequest, count: number): ParamValues[] {
    if (!Number.isInteger(count) || count < 1) throw new MetatuneError('INVALID_ARGUMENT', `count must be a positive integer, got ${count}`);
    const pending = [...request.pending];
    const out: ParamValues[] = [];
    for (let i = 0; i < count; i++) {
      const key = foldIn(request.key, i);
      const p = this.askOne(request, pending, request.trialNumber + i, key);
      out.push(p);
      pending.push(p);
    }
    return out;
  }

  private askOne(request: SampleRequest, pending: ParamValues[], trialNumber: number, key: Key): ParamValues {
    const direction = singleDirection(request.directions, 'sampler:gp');
    const fmap = new FeatureMap(request.space);
    const P = fmap.names.length;
    if (P === 0) return {};
    const obs = observations(request.history.completed(), direction);
    warnExcluded(this, obs.excluded, 'sampler:gp');
    const bases = this.baseTasks(fmap);
    const method = this.options.warmStartMethod ?? 'rgpe';
    const nInitial = bases.length > 0 ? (method === 'rgpe' ? 1 : (this.options.nInitial ?? Math.max(2 * P + 1, 5))) : (this.options.nInitial ?? Math.max(2 * P + 1, 5));
    if (obs.values.length + pending.length < nInitial || obs.values.length === 0) {
      if (bases.length > 0) {
        const seeded = this.seedPoint(bases, fmap, obs, pending);
        if (seeded) return seeded;
      }
      return this.initialPoint(fmap, trialNumber);
    }
    return this.modelPoint(request, fmap, obs, pending, bases, key, nInitial);
  }

  private initialPoint(fmap: FeatureMap, trialNumber: number): ParamValues {
    const P = fmap.names.length;
    if (P > SOBOL_MAX_DIMENSION) {
      throw new MetatuneError('INVALID_SPACE', `sampler:gp supports up to ${SOBOL_MAX_DIMENSION} parameters, got ${P}`, { hint: 'use sampler:tpe for larger spaces' });
    }
    const sobol = new Sobol(P, { key: makeKey(this.options.seed ?? 0) });
    let u = sobol.next();
    for (let i = 0; i < trialNumber; i++) u = sobol.next();
    return fmap.decode(u);
  }

  /** The best configuration of the most similar earlier study not yet tried (the seeding baseline). */
  private seedPoint(bases: BaseTask[], fmap: FeatureMap, obs: { params: ParamValues[]; values: number[] }, pending: ParamValues[]): ParamValues | undefined {
    const tried = [...obs.params, ...pending].map((p) => fmap.encode(p));
    const isTried = (u: Float64Array) => tried.some((t) => t.every((v, j) => Math.abs(v - u[j]) < 1e-9));
    let order = bases.map((_, i) => i);
    if (obs.values.length >= 3) {
      const X = flatten(obs.params.map((p) => fmap.fromValues(p)), fmap.size);
      const losses = bases.map((b) => rankingLoss(b.model.predict(X, obs.values.length).mean, obs.values));
      order = order.sort((a, b) => losses[a] - losses[b]);
    }
    for (let rank = 0; rank < 5; rank++) {
      for (const i of order) {
        const u = bases[i].bestPoints[rank];
        if (!u) continue;
        const values = fmap.decode(u);
        if (!isTried(fmap.encode(values))) return values;
      }
    }
    return undefined;
  }

  private baseTasks(fmap: FeatureMap): BaseTask[] {
    if (this.previous.length === 0) return [];
    if (this.bases && this.basesFor === fmap.space) return this.bases;
    const names = fmap.names.join('\u0000');
    const bases: BaseTask[] = [];
    this.previous.forEach((study, s) => {
      if (Object.keys(study.study.space).join('\u0000') !== names) {
        console.warn(`[metatune] sampler:gp: earlier study "${study.study.name}" has other parameters; it is not used for the warm start`);
        return;
      }
      const obs = observations(study.trials, singleDirection(study.study.directions, 'sampler:gp'));
      if (obs.values.length < 2) return;
      const keep = subsetIndices(obs.values, 100);
      const X = flatten(keep.map((i) => fmap.fromValues(obs.params[i])), fmap.size);
      const { mean, std } = standardization(keep.map((i) => obs.values[i]));
      const y = Float64Array.from(keep, (i) => (obs.values[i] - mean) / std);
      const model = fitGp(X, y, fmap.size, { key: makeKey(1000 + s), restarts: 1 });
      const best = [...obs.values.keys()].sort((a, b) => obs.values[a] - obs.values[b]).slice(0, 5);
      bases.push({ model, bestPoints: best.map((i) => fmap.encode(obs.params[i])) });
    });
    this.bases = bases;
    this.basesFor = fmap.space;
    if (bases.length > 0) {
      const t = transferredPriors(bases.map((b) => b.model.hyper), fmap.size);
      this.basePriors = t.priors;
      this.baseHyper = t.start;
    }
    return bases;
  }

  /** The hyperparameter priors of the new study's GP: transferred or default, with the noise prior of a deterministic objective when asked. */
  private priorsFor(features: number, transferred: GpPriors | undefined): GpPriors | undefined {
    if (!this.options.deterministicObjective) return transferred;
    return { ...(transferred ?? defaultPriors(features)), noiseLoc: Math.log(DETERMINISTIC_NOISE), noiseScale: 0.5 };
  }

  /** The GP's targets for observed values (see {@link GpSamplerOptions.outputTransform}). */
  private targets(values: number[]): Float64Array {
    if (this.options.outputTransform === 'power') return powerTransform(values).y;
    const { mean, std } = standardization(values);
    return Float64Array.from(values, (v) => (v - mean) / std);
  }

  private modelPoint(
    request: SampleRequest,
    fmap: FeatureMap,
    obs: { params: ParamValues[]; values: number[] },
    pending: ParamValues[],
    bases: BaseTask[],
    key: Key,
    nInitial: number,
  ): ParamValues {
    const F = fmap.size;
    const P = fmap.names.length;
    const [fitKey, optKey, wKey] = split(key, 3);
    const keep = subsetIndices(obs.values, this.options.maxObservations ?? 250);
    const X = flatten(keep.map((i) => fmap.fromValues(obs.params[i])), F);
    const y = this.targets(keep.map((i) => obs.values[i]));
    const n = y.length;
    // Hyperparameters on a (possibly smaller) subset, warm-started from the previous fit.
    const fitCap = this.options.maxFitObservations ?? 100;
    const fitIdx = subsetIndices(Array.from(y), fitCap);
    const fitX = fitIdx.length === n ? X : flatten(fitIdx.map((i) => X.subarray(i * F, (i + 1) * F)), F);
    const fitY = fitIdx.length === n ? y : Float64Array.from(fitIdx, (i) => y[i]);
    const warm = this.lastHyper && this.lastHyper.lengthscales.length === F ? this.lastHyper : bases.length > 0 ? this.baseHyper : undefined;
    const restarts = this.options.restarts ?? (warm && this.fits % 10 !== 0 ? 0 : 2);
    const priors = this.priorsFor(F, bases.length > 0 ? this.basePriors : undefined);
    const fitted = fitGp(fitX, fitY, F, { key: fitKey, restarts, warmStart: warm, priors, maxIterations: warm && restarts === 0 ? 30 : 60 });
    this.fits++;
    this.lastHyper = fitted.hyper;
    let model = fitIdx.length === n ? fitted : new GpModel(X, y, F, fitted.hyper);
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) best = Math.min(best, y[i]);
    if (pending.length > 0) {
      const Xp = flatten(pending.map((p) => fmap.fromValues(p)), F);
      const fantasies =
        this.options.pendingStrategy === 'constant-liar' ? new Float64Array(pending.length).fill(best) : model.predict(Xp, pending.length).mean;
      const Xa = new Float64Array((n + pending.length) * F);
      Xa.set(X);
      Xa.set(Xp, n * F);
      const ya = new Float64Array(n + pending.length);
      ya.set(y);
      ya.set(fantasies, n);
      model = new GpModel(Xa, ya, F, fitted.hyper);
    }
    let predict: (Xs: Float64Array, m: number) => Posterior = (Xs, m) => model.predict(Xs, m);
    if (bases.length > 0 && (this.options.warmStartMethod ?? 'rgpe') === 'rgpe') {
      const weights = rgpeWeights(
        bases.map((b) => b.model),
        n >= 2 ? fitted : undefined,
        X,
        y,
        wKey,
      );
      const models = [...bases.map((b) => b.model), model];
      predict = (Xs, m) => ensemblePredict(models, weights, Xs, m);
    }
    const acquisition = this.options.acquisition ?? 'logEI';
    const beta = this.options.ucbBeta ?? ucbBeta(n + 1, P);
    const ctx = { best, beta };
    const warmBox = bases.length > 0 && this.options.warmStartMethod === 'box' ? searchBox(bases, fmap, obs) : undefined;
    const region = this.trustRegionBox(fmap, obs, fitted.hyper, nInitial);
    const box = region ? intersectBoxes(region, warmBox) : warmBox;
    // With a search box the optimiser works on [0, 1]^P and `toSpace` maps its points into the box.
    const toSpace = (u: Float64Array): Float64Array => (box ? u.map((v, j) => box.low[j] + v * (box.high[j] - box.low[j])) : u);
    const fromSpace = (u: Float64Array): Float64Array => (box ? u.map((v, j) => Math.min(1, Math.max(0, (v - box.low[j]) / Math.max(1e-12, box.high[j] - box.low[j])))) : u);
    const score = (us: readonly Float64Array[]) => {
      const Xs = new Float64Array(us.length * F);
      us.forEach((u, i) => fmap.fromValues(fmap.decode(toSpace(u)), Xs, i * F));
      const post = predict(Xs, us.length);
      const out = new Float64Array(us.length);
      for (let i = 0; i < us.length; i++) out[i] = acquisitionValue(acquisition, post.mean[i], post.variance[i], ctx);
      return out;
    };
    const incumbents = [...keep.keys()].sort((a, b) => y[a] - y[b]).slice(0, 5).map((i) => fmap.encode(obs.params[keep[i]]));
    for (const b of bases) if (b.bestPoints[0]) incumbents.push(b.bestPoints[0]);
    const { point } = optimizeAcquisition(P, score, incumbents.map(fromSpace), optKey, this.options.optimizer);
    return fmap.decode(toSpace(point));
  }

  /**
   * The trust region's box around the incumbent (undefined without `trustRegion`), its sides
   * weighted by the GP's length scales `hyper`. Its state is replayed from the completed trials'
   * values in trial order, starting after the initial design.
   */
  private trustRegionBox(fmap: FeatureMap, obs: { params: ParamValues[]; values: number[] }, hyper: GpHyperparameters, nInitial: number) {
    const option = this.options.trustRegion;
    if (option === undefined || option === false) return undefined;
    const settings = resolveTrustRegion(option === true ? {} : option, fmap.names.length);
    const { length } = replayTrustRegion(obs.values, nInitial, settings);
    let bestIndex = 0;
    for (let i = 1; i < obs.values.length; i++) if (obs.values[i] < obs.values[bestIndex]) bestIndex = i;
    const lengthscales = fmap.names.map((_, i) => {
      const f = fmap.numericFeature(i);
      return f === undefined ? Number.NaN : hyper.lengthscales[f];
    });
    return trustRegionBox(fmap.encode(obs.params[bestIndex]), lengthscales, length);
  }
}

/** The intersection of two boxes, or `a` alone when `b` is absent or they do not overlap. */
function intersectBoxes(a: Box, b: Box | undefined): Box {
  if (!b) return a;
  const low = a.low.map((v, j) => Math.max(v, b.low[j]));
  const high = a.high.map((v, j) => Math.min(v, b.high[j]));
  return low.every((v, j) => v <= high[j]) ? { low, high } : a;
}
