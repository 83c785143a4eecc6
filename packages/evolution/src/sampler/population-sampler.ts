import {
  type Key,
  MetatuneError,
  type ParamValues,
  type PreviousStudy,
  type SampleRequest,
  type Sampler,
  type SearchSpace,
  type TrialRecord,
  makeKey,
  space as spaceTools,
} from '@metatune/core';
import type { VectorOptimizer } from '../util/optimizer';

/** How a search space looks to a vector optimizer: the unit cube [0, 1]^d of core's encoding. */
export interface UnitCubeProblem {
  readonly space: SearchSpace;
  readonly dimension: number;
  /** Bin width in the unit cube of each discretised coordinate (ints, stepped floats, categoricals); 0 if continuous. */
  readonly discreteWidths: Float64Array;
  /** Number of choices of each categorical coordinate; 0 for numeric ones. */
  readonly categories: Int32Array;
  /** Key of the optimizer (from the sampler's seed). */
  readonly key: Key;
  /** Source studies given to `warmStart` (empty if none). */
  readonly previous: readonly PreviousStudy[];
}

/** Builds the vector optimizer a {@link PopulationSampler} replays. Must be deterministic. */
export type OptimizerFactory = (problem: UnitCubeProblem) => VectorOptimizer;

/** Describes a space in the unit-cube terms the optimizers need. */
export function unitCubeProblem(space: SearchSpace, key: Key, previous: readonly PreviousStudy[] = []): UnitCubeProblem {
  const names = Object.keys(space);
  const discreteWidths = new Float64Array(names.length);
  const categories = new Int32Array(names.length);
  names.forEach((name, i) => {
    const p = space[name];
    if (p.type === 'categorical') {
      categories[i] = p.choices.length;
      discreteWidths[i] = 1 / p.choices.length;
    } else if (!p.log && (p.type === 'int' || p.step !== undefined)) {
      const step = p.step ?? 1;
      discreteWidths[i] = Math.min(1, step / (p.high - p.low));
    } else if (p.log && p.type === 'int') {
      // Log-scaled ints have uneven bins; the narrowest (at the top of the range) bounds the margin.
      discreteWidths[i] = Math.min(1, (Math.log(p.high) - Math.log(p.high - (p.step ?? 1))) / (Math.log(p.high) - Math.log(p.low)));
    }
  });
  return { space, dimension: names.length, discreteWidths, categories, key, previous };
}

/** Encodes a trial's parameters; inactive (NaN) coordinates become 0.5, the centre of the cube. */
export function encodeTrial(space: SearchSpace, params: ParamValues): Float64Array {
  const x = spaceTools.encode(space, params);
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) x[i] = 0.5;
  return x;
}

interface Replay {
  readonly spaceKey: string;
  readonly optimizer: VectorOptimizer;
  /** Trial numbers already told, in the order they were told. */
  readonly consumed: number[];
  /** COMPLETE trials seen but not yet making up a whole generation. */
}

/** Options shared by every population sampler. */
export interface PopulationSamplerOptions {
  /** Seed of the optimizer (default 0). With a study seed, pass it here so that runs repeat. */
  readonly seed?: number;
}

/**
 * Runs a deterministic vector optimizer as a core `Sampler`, statelessly.
 *
 * How the state is rebuilt: the optimizer is a pure function of its seed and of the sequence of
 * generations told to it. The sampler orders the study's COMPLETE trials by finishing time (then
 * number) and tells them in consecutive chunks of one population each (the size `ask()` returns
 * at that point, so IPOP's growing populations work); the trials left over form the current
 * generation. A proposal is the generation's candidate number
 * `(completed in this generation + pending + i) mod lambda`. Any worker with the same history
 * therefore proposes the same points, and a process that already replayed a prefix of the history
 * continues from its cache instead of starting over.
 *
 * Limits: told points are the trials' actual parameters (encoded into the unit cube; inactive
 * conditional parameters as 0.5), so enqueued or rounded trials are fine; PRUNED and FAIL trials
 * are skipped (a FAIL is not a fitness value; a NaN objective of a COMPLETE trial ranks worst);
 * with more than lambda trials in flight the candidate index wraps around and candidates repeat;
 * for DE, PSO and GA the position of a trial within its chunk decides which target / particle it
 * is compared with, which matches the proposal order only when trials finish in order.
 * Single objective only.
 */
export class PopulationSampler implements Sampler {
  readonly name: string;
  private readonly factory: OptimizerFactory;
  private readonly key: Key;
  private previous: readonly PreviousStudy[] = [];
  private replay: Replay | undefined;

  constructor(name: string, factory: OptimizerFactory, options: PopulationSamplerOptions = {}) {
    this.name = name;
    this.factory = factory;
    this.key = makeKey(options.seed ?? 0);
  }

  warmStart(previous: readonly PreviousStudy[]): void {
    this.previous = previous;
    this.replay = undefined;
  }

  ask(request: SampleRequest): ParamValues {
    return this.askBatch(request, 1)[0];
  }

  askBatch(request: SampleRequest, count: number): ParamValues[] {
    if (request.directions.length !== 1) {
      throw new MetatuneError('INVALID_ARGUMENT', `${this.name} optimises one objective, the study has ${request.directions.length}`, {
        hint: 'use a multi-objective sampler for several directions',
      });
    }
    if (!Number.isInteger(count) || count < 1) throw new MetatuneError('INVALID_ARGUMENT', `${this.name}: count must be a positive integer, got ${count}`);
    const sign = request.directions[0] === 'maximize' ? -1 : 1;
    const completed = [...request.history.completed()].sort((a, b) => (a.finishedAt ?? Infinity) - (b.finishedAt ?? Infinity) || a.number - b.number);
    const { optimizer, leftover } = this.catchUp(request.space, completed, sign);
    const candidates = optimizer.ask();
    const start = leftover + request.pending.length;
    return Array.from({ length: count }, (_, i) => spaceTools.decode(request.space, candidates[(start + i) % candidates.length]));
  }

  /** Replays the history into the optimizer (reusing the cache when it is a prefix); returns the size of the open generation. */
  private catchUp(space: SearchSpace, completed: readonly TrialRecord[], sign: number): { optimizer: VectorOptimizer; leftover: number } {
    const spaceKey = JSON.stringify(space) + sign;
    let replay = this.replay;
    const prefixOk = replay !== undefined && replay.spaceKey === spaceKey && replay.consumed.length <= completed.length && replay.consumed.every((n, i) => completed[i].number === n);
    if (!prefixOk || replay === undefined) {
      replay = { spaceKey, optimizer: this.factory(unitCubeProblem(space, this.key, this.previous)), consumed: [] };
      this.replay = replay;
    }
    let next = replay.consumed.length;
    for (;;) {
      const lambda = replay.optimizer.ask().length;
      if (completed.length - next < lambda) break;
      const chunk = completed.slice(next, next + lambda);
      replay.optimizer.tell(
        chunk.map((t) => encodeTrial(space, t.params)),
        chunk.map((t) => sign * (t.values?.[0] ?? Number.NaN)),
      );
      for (const t of chunk) replay.consumed.push(t.number);
      next += lambda;
    }
    return { optimizer: replay.optimizer, leftover: completed.length - next };
  }
}
