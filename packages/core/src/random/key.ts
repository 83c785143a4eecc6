import { MetatuneError } from '../errors';
import { threefry2x32 } from './threefry';

/**
 * A random key: two unsigned 32-bit words. Keys are plain, JSON-serialisable values, so they go
 * into checkpoints as they are. Never reuse a key for two purposes: {@link split} it.
 */
export type Key = readonly [number, number];

// Domain tags in the second counter word keep splits, fold-ins and bit streams apart.
const SPLIT_DOMAIN = 0x53504c54;
const FOLD_DOMAIN = 0x464f4c44;
const BITS_DOMAIN = 0x42495453;

/** Makes a key from an integer seed (any safe integer; negative seeds are allowed). */
export function makeKey(seed: number): Key {
  if (!Number.isSafeInteger(seed)) {
    throw new MetatuneError('INVALID_ARGUMENT', `a seed must be a safe integer, got ${seed}`, {
      hint: 'pass an integer such as 0 or 42',
    });
  }
  const magnitude = Math.abs(seed);
  const hi = Math.floor(magnitude / 2 ** 32) >>> 0;
  const lo = magnitude >>> 0;
  return [seed < 0 ? (hi ^ 0x80000000) >>> 0 : hi, lo];
}

/** Checks that `key` is a valid key (two uint32 words) and returns it typed. */
export function assertKey(key: unknown, what = 'key'): Key {
  if (
    !Array.isArray(key) ||
    key.length !== 2 ||
    !key.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)
  ) {
    throw new MetatuneError('INVALID_ARGUMENT', `${what} must be a key made by makeKey(seed) or split(key)`, {
      hint: 'a key is a pair of uint32 words, e.g. makeKey(0)',
    });
  }
  return key as unknown as Key;
}

/** Splits a key into `count` independent keys (default 2). */
export function split(key: Key, count = 2): Key[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new MetatuneError('INVALID_ARGUMENT', `split count must be a positive integer, got ${count}`);
  }
  const out = new Uint32Array(2);
  const keys: Key[] = [];
  for (let i = 0; i < count; i++) {
    threefry2x32(key[0], key[1], i, SPLIT_DOMAIN, out);
    keys.push([out[0], out[1]]);
  }
  return keys;
}

/** Derives a new key from `key` and an integer (a step number, a task index, a worker id). */
export function foldIn(key: Key, data: number): Key {
  const out = new Uint32Array(2);
  threefry2x32(key[0], key[1], data >>> 0, (FOLD_DOMAIN + Math.floor(data / 2 ** 32)) >>> 0, out);
  return [out[0], out[1]];
}

/** `count` random uint32 words from `key`, starting at block `offset` of the key's stream. */
export function randomBits(key: Key, count: number, offset = 0): Uint32Array {
  const blocks = Math.ceil(count / 2);
  const words = new Uint32Array(blocks * 2);
  for (let b = 0; b < blocks; b++) threefry2x32(key[0], key[1], offset + b, BITS_DOMAIN, words, 2 * b);
  return count === words.length ? words : words.subarray(0, count);
}
