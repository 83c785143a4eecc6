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
