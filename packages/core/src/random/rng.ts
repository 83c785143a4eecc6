import { type Key, foldIn, randomBits } from './key';
import { wordsToUnit } from './sample';

const BLOCK_WORDS = 512;

/**
 * A sequential stream over a key, for host-side code (samplers, task generators) that draws many
 * numbers one at a time. Deterministic: the same key gives the same sequence.
 */
export class Rng {
  private readonly source: Key;
  private block = 0;
  private words: Uint32Array = new Uint32Array(0);
  private cursor = 0;
  private spareNormal: number | undefined;
  private forks = 0;

  /** @param key the key whose stream this reads; do not use the key elsewhere. */
  constructor(key: Key) {
    this.source = key;
  }

  private nextWord(): number {
    if (this.cursor >= this.words.length) {
      this.words = randomBits(this.source, BLOCK_WORDS, this.block);
      this.block += BLOCK_WORDS / 2;
      this.cursor = 0;
    }
    return this.words[this.cursor++];
  }

  /** A uniform double in [0, 1). */
  uniform(): number {
    const a = this.nextWord();
    return wordsToUnit(a, this.nextWord());
  }

  /** A uniform double in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** A standard normal double. */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** An integer uniform in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }

  /** A fresh key, independent of this stream and of other forks. */
  fork(): Key {
    return foldIn(this.source, this.forks++);
  }
}
