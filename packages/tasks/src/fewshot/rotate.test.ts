import { describe, expect, it } from 'vitest';
import { copyRotated } from './rotate';

describe('copyRotated', () => {
  it('rotates a 3x3 image counter-clockwise and four quarter turns are the identity', () => {
    const img = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const out = new Float32Array(9);
    copyRotated(img, 0, 3, 1, out, 0);
    expect(Array.from(out)).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
    copyRotated(img, 0, 3, 2, out, 0);
    expect(Array.from(out)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    let cur = img;
    for (let q = 0; q < 4; q++) {
      const next = new Float32Array(9);
      copyRotated(cur, 0, 3, 1, next, 0);
      cur = next;
    }
    expect(Array.from(cur)).toEqual(Array.from(img));
    copyRotated(img, 0, 3, 3, out, 0);
    const twice = new Float32Array(9);
    copyRotated(out, 0, 3, 1, twice, 0);
    expect(Array.from(twice)).toEqual(Array.from(img));
  });
});
