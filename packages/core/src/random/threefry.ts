/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011),
 * the counter-based generator JAX uses. A counter-based generator makes keys splittable: the stream
 * of a key is a pure function of (key, counter), so the same seed gives the same numbers everywhere.
 */

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24];
const PARITY = 0x1bd11bda;

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/** Encrypts the counter `(c0, c1)` under the key `(k0, k1)`; writes the two output words to `out`. */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number, out: Uint32Array, offset = 0): void {
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ PARITY) >>> 0];
  let x0 = (c0 + ks[0]) >>> 0;
  let x1 = (c1 + ks[1]) >>> 0;
  for (let block = 0; block < 5; block++) {
    const base = (block % 2) * 4;
    for (let r = 0; r < 4; r++) {
      x0 = (x0 + x1) >>> 0;
      x1 = rotl(x1, ROTATIONS[base + r]) ^ x0;
    }
    x0 = (x0 + ks[(block + 1) % 3]) >>> 0;
    x1 = (x1 + ks[(block + 2) % 3] + block + 1) >>> 0;
  }
  out[offset] = x0;
  out[offset + 1] = x1;
}
