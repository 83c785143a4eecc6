import { describe, expect, it } from 'vitest';
import { threefry2x32 } from './threefry';

// Known-answer vectors of Threefry-2x32-20 from the Random123 distribution (kat_vectors),
// the same ones JAX's test suite checks.
const VECTORS: [number[], number[], number[]][] = [
  [[0, 0], [0, 0], [0x6b200159, 0x99ba4efe]],
  [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
  [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
];

describe('threefry2x32', () => {
  it.each(VECTORS)('matches the Random123 known answer for key %j counter %j', (key, counter, expected) => {
    const out = new Uint32Array(2);
    threefry2x32(key[0], key[1], counter[0], counter[1], out);
    expect(Array.from(out)).toEqual(expected);
  });
});

/** The cipher as the paper states it (rounds in a loop, rotation table, key schedule array). */
function threefryReference(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const rotations = [13, 15, 26, 6, 17, 29, 16, 24];
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ 0x1bd11bda) >>> 0];
  let x0 = (c0 + ks[0]!) >>> 0;
  let x1 = (c1 + ks[1]!) >>> 0;
  for (let block = 0; block < 5; block++) {
    for (let r = 0; r < 4; r++) {
      const rot = rotations[(block % 2) * 4 + r]!;
      x0 = (x0 + x1) >>> 0;
      x1 = (((x1 << rot) | (x1 >>> (32 - rot))) ^ x0) >>> 0;
    }
    x0 = (x0 + ks[(block + 1) % 3]!) >>> 0;
    x1 = (x1 + ks[(block + 2) % 3]! + block + 1) >>> 0;
  }
  return [x0, x1];
}

describe('threefry2x32, written out', () => {
  it('gives the reference loop\'s words for 20,000 pseudo-random keys and counters, extremes included', () => {
    let s = 12345;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    const out = new Uint32Array(4);
    for (let i = 0; i < 20_000; i++) {
      const k0 = i % 11 === 0 ? 0xffffffff : next();
      const k1 = next();
      const c0 = next();
      const c1 = i % 7 === 0 ? 0xffffffff : next();
      threefry2x32(k0, k1, c0, c1, out, 2);
      const [r0, r1] = threefryReference(k0, k1, c0, c1);
      if (out[2] !== r0 || out[3] !== r1) expect([out[2], out[3]], `key ${k0} ${k1} counter ${c0} ${c1}`).toEqual([r0, r1]);
    }
    expect(out[0]).toBe(0); // the offset is honoured: words 0 and 1 untouched
  });
});
