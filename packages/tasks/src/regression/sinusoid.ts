/**
 * The sinusoid family of the MAML paper (Finn, Abbeel & Levine, ICML 2017), with the sign of the
 * reference code: y = A sin(x - phi), A ~ U[0.1, 5], phi ~ U[0, pi], x ~ U[-5, 5].
 */
import { type Split, type TaskBatch, MetatuneError, makeKey } from '@metatune/core';
import { type RegressionDraw, type RegressionOptions, RegressionDistribution, drawsToBatch, uniformInputs } from './family';

/** Options of the sinusoid family; the defaults are the MAML paper's. */
export interface SinusoidOptions extends RegressionOptions {
  /** Amplitude range (default [0.1, 5]). */
  readonly amplitude?: readonly [number, number];
  /** Phase range (default [0, pi]). */
  readonly phase?: readonly [number, number];
  /** Input range (default [-5, 5]). */
  readonly inputRange?: readonly [number, number];
}

function checkRange(range: readonly [number, number], what: string): void {
  if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
    throw new MetatuneError('INVALID_ARGUMENT', `${what} must be a finite range [low, high] with low < high, got [${range[0]}, ${range[1]}]`);
  }
}

/**
 * The sinusoid task distribution. Splits draw from disjoint key domains (the split is folded
 * into the key), so the same key gives unrelated functions in meta-train and meta-test.
 *
 * @example
 * const sines = sinusoid({ shots: 10 });
 * const batch = sines.sampleBatch(makeKey(0), 25); // support.x: [25, 10, 1]
 */
export function sinusoid(options: SinusoidOptions = {}): RegressionDistribution {
  const amplitude = options.amplitude ?? [0.1, 5];
  const phase = options.phase ?? [0, Math.PI];
  const inputRange = options.inputRange ?? [-5, 5];
  checkRange(amplitude, 'amplitude');
  checkRange(phase, 'phase');
  checkRange(inputRange, 'inputRange');
  return new RegressionDistribution(
    'sinusoid',
    (rng, shots, queryShots): RegressionDraw => {
      const a = rng.between(amplitude[0], amplitude[1]);
      const p = rng.between(phase[0], phase[1]);
      return {
        xSupport: uniformInputs(rng, shots, inputRange[0], inputRange[1]),
        xQuery: uniformInputs(rng, queryShots, inputRange[0], inputRange[1]),
        fn: (x) => a * Math.sin(x - p),
        noise: 0,
        info: { amplitude: a, phase: p },
      };
    },
    options,
    (split: Split) => sinusoid({ ...options, split }),
  );
}

/** A fixed set of sinusoid tasks given as arrays (e.g. a held-out evaluation file). */
export interface SinusoidTaskArrays {
  readonly amp: ArrayLike<number>;
  readonly phase: ArrayLike<number>;
  /** Support inputs per task, `[T][K]`. */
  readonly xSupport: ArrayLike<ArrayLike<number>>;
  /** Query inputs per task, `[T][Q]`. */
  readonly xQuery: ArrayLike<ArrayLike<number>>;
}

/**
 * Builds a task batch from given amplitudes, phases and inputs, with y = amp sin(x - phase), so
 * that fixed evaluation sets (such as the peers' `sine_eval_tasks.json`) can be fed in.
 */
export function sinusoidTasksFromArrays(arrays: SinusoidTaskArrays): TaskBatch {
  const T = arrays.amp.length;
  if (T === 0) throw new MetatuneError('INVALID_ARGUMENT', 'sinusoidTasksFromArrays needs at least one task');
  for (const [what, list] of [['phase', arrays.phase], ['xSupport', arrays.xSupport], ['xQuery', arrays.xQuery]] as const) {
    if (list.length !== T) throw new MetatuneError('SHAPE_MISMATCH', `${what} has ${list.length} entries, amp has ${T}`, { hint: 'one entry per task' });
  }
  const K = arrays.xSupport[0].length;
  const Q = arrays.xQuery[0].length;
  const draws: RegressionDraw[] = [];
  for (let t = 0; t < T; t++) {
    if (arrays.xSupport[t].length !== K || arrays.xQuery[t].length !== Q) {
      throw new MetatuneError('SHAPE_MISMATCH', `task ${t} has ${arrays.xSupport[t].length} support and ${arrays.xQuery[t].length} query points, task 0 has ${K} and ${Q}`, { hint: 'every task needs the same K and Q' });
    }
    const a = arrays.amp[t];
    const p = arrays.phase[t];
    draws.push({ xSupport: Float64Array.from(arrays.xSupport[t]), xQuery: Float64Array.from(arrays.xQuery[t]), fn: (x) => a * Math.sin(x - p), noise: 0, info: { amplitude: a, phase: p } });
  }
  return drawsToBatch(draws, makeKey(0));
}
