import { MetatuneError } from '../errors';
import { type Key, randomBits } from './key';

const TWO_POW_53 = 9007199254740992;

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new MetatuneError('INVALID_ARGUMENT', `a sample count must be a non-negative integer, got ${count}`);
  }
}

/** Converts two uint32 words into a double in [0, 1) with 53 random bits. */
export function wordsToUnit(a: number, b: number): number {
  return ((a >>> 5) * 67108864 + (b >>> 6)) / TWO_POW_53;
}

/** `count` uniform doubles in [low, high). */
export function uniform(key: Key, count: number, low = 0, high = 1): Float64Array {
  assertCount(count);
  const bits = randomBits(key, 2 * count);
  const out = new Float64Array(count);
  const width = high - low;
  for (let i = 0; i < count; i++) out[i] = low + width * wordsToUnit(bits[2 * i], bits[2 * i + 1]);
  return out;
}

/** `count` standard normal doubles (Box-Muller). */
export function normal(key: Key, count: number, mean = 0, std = 1): Float64Array {
  assertCount(count);
  const u = uniform(key, 2 * Math.ceil(count / 2));
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u[i]));
    const theta = 2 * Math.PI * u[i + 1];
    out[i] = mean + std * r * Math.cos(theta);
    if (i + 1 < count) out[i + 1] = mean + std * r * Math.sin(theta);
  }
  return out;
}

/** `count` integers uniform in [low, high) (high exclusive). */
export function randint(key: Key, count: number, low: number, high: number): Int32Array {
  assertCount(count);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new MetatuneError('INVALID_ARGUMENT', `randint needs integers low < high, got [${low}, ${high})`);
  }
  const u = uniform(key, count);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = low + Math.floor(u[i] * (high - low));
  return out;
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function permutation(key: Key, n: number): Int32Array {
  assertCount(n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const u = uniform(key, n);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u[i] * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** `k` distinct indices from 0..n-1 in random order. */
export function choiceWithoutReplacement(key: Key, n: number, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new MetatuneError('INVALID_ARGUMENT', `cannot choose ${k} distinct items out of ${n}`, {
      hint: `k must be between 0 and ${n}`,
    });
  }
  return permutation(key, n).subarray(0, k);
}
