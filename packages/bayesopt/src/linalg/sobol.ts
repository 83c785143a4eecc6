import { MetatuneError, type Key, random } from '@metatune/core';

/**
 * Joe & Kuo (2008) direction numbers ("new-joe-kuo-6.21201"), dimensions 2..46: for each
 * dimension, the degree s, the polynomial coefficient a and the initial numbers m_1..m_s.
 * Dimension 1 is the van der Corput sequence and needs none.
 */
const JOE_KUO =
  '1 0 1|2 1 1 3|3 1 1 3 1|3 2 1 1 1|4 1 1 1 3 3|4 4 1 3 5 13|5 2 1 1 5 5 17|5 4 1 1 5 5 5|5 7 1 1 7 11 19|5 11 1 1 5 1 1|' +
  '5 13 1 1 1 3 11|5 14 1 3 5 5 31|6 1 1 3 3 9 7 49|6 13 1 1 1 15 21 21|6 16 1 3 1 13 27 49|6 19 1 1 1 15 7 5|6 22 1 3 1 15 13 25|' +
  '6 25 1 1 5 5 19 61|7 1 1 3 7 11 23 15 103|7 4 1 3 7 13 13 15 69|7 7 1 1 3 13 7 35 63|7 8 1 3 5 9 1 25 53|7 14 1 3 1 13 9 35 107|' +
  '7 19 1 3 1 5 27 61 31|7 21 1 1 5 11 19 41 61|7 28 1 3 5 3 3 13 69|7 31 1 1 7 13 1 19 1|7 32 1 3 7 5 13 19 59|7 37 1 1 3 9 25 29 41|' +
  '7 41 1 3 5 13 23 1 55|7 42 1 3 7 3 13 59 17|7 50 1 3 1 3 5 53 69|7 55 1 1 5 5 23 33 13|7 56 1 1 7 7 1 61 123|7 59 1 1 7 9 13 61 49|' +
  '7 62 1 3 3 5 3 55 33|8 14 1 3 1 15 31 13 49 245|8 21 1 3 5 15 31 59 63 97|8 22 1 3 1 11 11 11 77 249|8 38 1 3 1 11 27 43 71 9|' +
  '8 47 1 1 7 15 21 11 81 45|8 49 1 3 7 3 25 31 65 79|8 50 1 3 1 1 19 11 3 205|8 52 1 1 5 9 19 21 29 157|8 56 1 3 7 11 1 33 89 185';

const BITS = 32;

/** Largest dimension the Sobol generator supports. */
export const SOBOL_MAX_DIMENSION = JOE_KUO.split('|').length + 1;

/** The 32 direction integers v_1..v_32 (scaled by 2^32) of each dimension. */
export function directionNumbers(dimension: number): Uint32Array[] {
  const rows = JOE_KUO.split('|').map((r) => r.split(' ').map(Number));
  const out: Uint32Array[] = [];
  for (let d = 0; d < dimension; d++) {
    const v = new Uint32Array(BITS);
    if (d === 0) {
      for (let i = 0; i < BITS; i++) v[i] = (1 << (31 - i)) >>> 0;
    } else {
      const [s, a, ...m] = rows[d - 1];
      for (let i = 0; i < Math.min(s, BITS); i++) v[i] = (m[i] << (31 - i)) >>> 0;
      for (let i = s; i < BITS; i++) {
        let x = (v[i - s] ^ (v[i - s] >>> s)) >>> 0;
        for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x = (x ^ v[i - k]) >>> 0;
        v[i] = x;
      }
    }
    out.push(v);
  }
  return out;
}

/**
 * An unscrambled Sobol sequence in Gray-code order (Antonov & Saleev), the order SciPy's
 * `qmc.Sobol(scramble=False)` uses: the first point is the origin. An optional random digital
 * shift (XOR with one random word per dimension, from a key) gives a randomised sequence that
 * keeps the low-discrepancy property.
 */
export class Sobol {
  readonly dimension: number;
  private readonly v: Uint32Array[];
  private readonly x: Uint32Array;
  private readonly shift: Uint32Array;
  private index = 0;

  constructor(dimension: number, options: { key?: Key } = {}) {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSION) {
      throw new MetatuneError('INVALID_ARGUMENT', `Sobol dimension must be an integer in [1, ${SOBOL_MAX_DIMENSION}], got ${dimension}`, {
        hint: 'use pseudo-random points for larger spaces',
      });
    }
    this.dimension = dimension;
    this.v = directionNumbers(dimension);
    this.x = new Uint32Array(dimension);
    this.shift = options.key ? random.randomBits(options.key, dimension) : new Uint32Array(dimension);
  }

  /** The next point, in [0, 1)^dimension. */
  next(): Float64Array {
    const out = new Float64Array(this.dimension);
    if (this.index > 0) {
      // Gray code: flip the direction number of the lowest zero bit of index - 1.
      let c = 0;
      let i = this.index - 1;
      while (i & 1) {
        i >>>= 1;
        c++;
      }
      for (let d = 0; d < this.dimension; d++) this.x[d] = (this.x[d] ^ this.v[d][c]) >>> 0;
    }
    for (let d = 0; d < this.dimension; d++) out[d] = ((this.x[d] ^ this.shift[d]) >>> 0) / 2 ** 32;
    this.index++;
    return out;
  }

  /** The next `count` points. */
  take(count: number): Float64Array[] {
    const pts: Float64Array[] = [];
    for (let i = 0; i < count; i++) pts.push(this.next());
    return pts;
  }
}
