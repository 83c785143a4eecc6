/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011),
 * the counter-based generator JAX uses. A counter-based generator makes keys splittable: the stream
 * of a key is a pure function of (key, counter), so the same seed gives the same numbers everywhere.
 */

const PARITY = 0x1bd11bda;

/*
 * The 20 rounds are written out with their rotation constants: host-side samplers draw hundreds of
 * words per step (CMA-ES in 20-D: about 1,000 per generation), and the looped version with a key
 * array allocated per call and table-driven rotations ran at about a third of this speed.
 * Arithmetic is on int32 (`| 0`); storing into the Uint32Array reinterprets the bits.
 */

/** Encrypts the counter `(c0, c1)` under the key `(k0, k1)`; writes the two output words to `out`. */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number, out: Uint32Array, offset = 0): void {
  const ks0 = k0 | 0;
  const ks1 = k1 | 0;
  const ks2 = (k0 ^ k1 ^ PARITY) | 0;
  let x0 = (c0 + ks0) | 0;
  let x1 = (c1 + ks1) | 0;
  let t: number;
  // Rounds 1-4 (rotations 13, 15, 26, 6), key injection 1.
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 13) | (t >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 15) | (t >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 26) | (t >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 6) | (t >>> 26)) ^ x0;
  x0 = (x0 + ks1) | 0; x1 = (x1 + ks2 + 1) | 0;
  // Rounds 5-8 (rotations 17, 29, 16, 24), key injection 2.
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 17) | (t >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 29) | (t >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 16) | (t >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 24) | (t >>> 8)) ^ x0;
  x0 = (x0 + ks2) | 0; x1 = (x1 + ks0 + 2) | 0;
  // Rounds 9-12, key injection 3.
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 13) | (t >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 15) | (t >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 26) | (t >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 6) | (t >>> 26)) ^ x0;
  x0 = (x0 + ks0) | 0; x1 = (x1 + ks1 + 3) | 0;
  // Rounds 13-16, key injection 4.
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 17) | (t >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 29) | (t >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 16) | (t >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 24) | (t >>> 8)) ^ x0;
  x0 = (x0 + ks1) | 0; x1 = (x1 + ks2 + 4) | 0;
  // Rounds 17-20, key injection 5.
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 13) | (t >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 15) | (t >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 26) | (t >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0; t = x1; x1 = ((t << 6) | (t >>> 26)) ^ x0;
  x0 = (x0 + ks2) | 0; x1 = (x1 + ks0 + 5) | 0;
  out[offset] = x0;
  out[offset + 1] = x1;
}
