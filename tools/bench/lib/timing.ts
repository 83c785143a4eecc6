import { summarize, type Summary } from './stats';

/** How {@link measure} samples. */
export interface MeasureOptions {
  /** Untimed calls first (JIT, wasm compile, kernel caches). Default 3. */
  readonly warmup?: number;
  /** Timed samples. Default 7. */
  readonly runs?: number;
  /** Calls per sample; a sample's time is divided by it (for calls far below a millisecond). Default 1. */
  readonly inner?: number;
}

/** Per-call milliseconds: the summary of the samples and the raw samples. */
export interface Measurement extends Summary {
  /** Milliseconds per call of each sample. */
  readonly samples: readonly number[];
  /** Calls per sample. */
  readonly inner: number;
}

/**
 * Times `fn` (sync or async): `warmup` untimed calls, then `runs` samples of `inner` calls each,
 * reported as milliseconds per call. Await `fn`'s result so async work (tfjs `data()`) is inside
 * the sample.
 */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<Measurement> {
  const warmup = options.warmup ?? 3;
  const runs = options.runs ?? 7;
  const inner = options.inner ?? 1;
  if (runs < 1 || inner < 1 || warmup < 0) throw new Error(`bad measure options ${JSON.stringify(options)}`);
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    for (let i = 0; i < inner; i++) await fn();
    samples.push((performance.now() - start) / inner);
  }
  return { ...summarize(samples), samples, inner };
}

/**
 * Picks `inner` so that one sample of `fn` takes about `targetMs` (at least 1 call), from one
 * timed probe call after a warm-up call.
 */
export async function calibrate(fn: () => unknown, targetMs = 50): Promise<number> {
  await fn();
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    const elapsed = performance.now() - start;
    if (elapsed >= targetMs / 4 || calls >= 1 << 20) return Math.max(1, Math.round((calls * targetMs) / Math.max(elapsed, 1e-3)));
    calls *= 4;
  }
}

/** Two interleaved measurements and the per-pair ratio `b / a`. */
export interface PairMeasurement {
  readonly a: Measurement;
  readonly b: Measurement;
  /** Summary of `b / a` over pairs of samples taken back to back. */
  readonly ratio: Summary;
}

/**
 * Times `a` and `b` alternately (a, b, a, b, ...) so that both see the same background load,
 * and reports the ratio of each back-to-back pair: on a shared machine the median of those
 * ratios is far steadier than the ratio of two medians taken minutes apart.
 */
export async function measurePair(a: () => unknown, b: () => unknown, options: MeasureOptions = {}): Promise<PairMeasurement> {
  const warmup = options.warmup ?? 3;
  const runs = options.runs ?? 7;
  const inner = options.inner ?? 1;
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const time = async (fn: () => unknown) => {
    const start = performance.now();
    for (let i = 0; i < inner; i++) await fn();
    return (performance.now() - start) / inner;
  };
  const sa: number[] = [];
  const sb: number[] = [];
  for (let r = 0; r < runs; r++) {
    sa.push(await time(a));
    sb.push(await time(b));
  }
  return {
    a: { ...summarize(sa), samples: sa, inner },
    b: { ...summarize(sb), samples: sb, inner },
    ratio: summarize(sb.map((v, i) => v / sa[i])),
  };
}
