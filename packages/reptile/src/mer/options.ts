/**
 * Options of the continual learners (MER and its two baselines), their defaults and checks.
 * Names follow Riemer et al. 2019, Algorithm 1: alpha (SGD rate), beta (within-batch Reptile
 * rate), gamma (across-batch Reptile rate), s (batches per example), k (replayed examples per
 * batch), M (the reservoir buffer's capacity).
 */
import { MetatuneError, type nn } from '@metatune/core';

/** Which update rule a continual learner applies to each incoming example. */
export type ContinualMethod = 'mer' | 'er' | 'online';

/**
 * Options shared by {@link mer}, {@link experienceReplay} and {@link onlineSgd}. The defaults are
 * the settings measured on Omniglot permutations in the package README (100 examples per task).
 */
export interface ContinualOptions {
  /** The model, e.g. `nn.mlp([784, 100, 100, 10])` (the paper's MNIST network). */
  readonly model: nn.Module;
  /** Plain SGD learning rate alpha (default 0.1). */
  readonly lr?: number;
  /** MER within-batch Reptile rate beta, in (0, 1] (default 0.3; 1 keeps the SGD steps as they are). */
  readonly beta?: number;
  /** MER across-batch Reptile rate gamma, in (0, 1] (default 1). */
  readonly gamma?: number;
  /** Batches per incoming example, s (default 2 for MER and ER, 1 for online SGD). */
  readonly batches?: number;
  /** Replayed buffer examples mixed into each batch, k (the paper's k - 1; default 4). Ignored by online SGD. */
  readonly replay?: number;
  /** Reservoir buffer capacity |M| in examples (default 200). Online SGD keeps no buffer. */
  readonly memory?: number;
  /** Name reported by the learner (default `mer`, `er` or `online-sgd`). */
  readonly name?: string;
}

/** Validated options with defaults filled in. */
export interface ResolvedContinualOptions {
  readonly method: ContinualMethod;
  readonly model: nn.Module;
  readonly lr: number;
  readonly beta: number;
  readonly gamma: number;
  readonly batches: number;
  readonly replay: number;
  readonly memory: number;
  readonly name: string;
}

const DEFAULT_NAMES: Record<ContinualMethod, string> = { mer: 'mer', er: 'er', online: 'online-sgd' };

function invalid(message: string, hint: string): MetatuneError {
  return new MetatuneError('INVALID_OPTIONS', message, { hint });
}

/** A finite number (`NON_FINITE` for NaN, infinities and non-numbers). */
export function finiteNumber(value: unknown, what: string, example: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MetatuneError('NON_FINITE', `${what} must be a finite number, got ${String(value)}`, { hint: `pass e.g. ${what}: ${example}` });
  }
  return value;
}

/** A finite rate in (0, max]. */
function rate(value: unknown, what: string, example: string, max = Infinity): number {
  const v = finiteNumber(value, what, example);
  if (v <= 0 || v > max) throw invalid(`${what} must be in (0, ${max === Infinity ? 'infinity)' : `${max}]`}, got ${v}`, `pass e.g. ${what}: ${example}`);
  return v;
}

function positiveInt(value: unknown, what: string, example: number): number {
  if (!Number.isInteger(value) || (value as number) < 1) throw invalid(`${what} must be a positive integer, got ${String(value)}`, `pass e.g. ${what}: ${example}`);
  return value as number;
}

function nonNegativeInt(value: unknown, what: string, example: number): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw invalid(`${what} must be a non-negative integer, got ${String(value)}`, `pass e.g. ${what}: ${example}`);
  return value as number;
}

/** Fills in defaults and checks every option; throws `INVALID_OPTIONS` or `NON_FINITE` naming the option. */
export function resolveContinualOptions(options: ContinualOptions, method: ContinualMethod): ResolvedContinualOptions {
  if (!options || typeof options.model?.init !== 'function' || typeof options.model?.apply !== 'function') {
    throw invalid(`${DEFAULT_NAMES[method]} needs a model (an nn.Module with init and apply)`, 'pass e.g. { model: nn.mlp([784, 100, 100, 10]) }');
  }
  const usesBuffer = method !== 'online';
  return {
    method,
    model: options.model,
    lr: rate(options.lr ?? 0.1, 'lr', '0.1'),
    beta: rate(options.beta ?? 0.3, 'beta', '0.3', 1),
    gamma: rate(options.gamma ?? 1, 'gamma', '1', 1),
    batches: positiveInt(options.batches ?? (usesBuffer ? 2 : 1), 'batches', 2),
    replay: usesBuffer ? nonNegativeInt(options.replay ?? 4, 'replay', 4) : 0,
    // "buffer size < 1" is an error, not a silent switch to online SGD: use onlineSgd for that.
    memory: usesBuffer ? positiveInt(options.memory ?? 200, 'memory', 200) : 0,
    name: options.name ?? DEFAULT_NAMES[method],
  };
}
