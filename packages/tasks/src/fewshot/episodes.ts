/**
 * N-way K-shot episodes over a labelled image set, as a `TaskDistribution`.
 */
import { type FewShotTask, type Key, type Split, type TaskBatch, type TaskDistribution, MetatuneError, foldIn, random, tf } from '@metatune/core';
import type { LabeledImageSet } from './image-set';
import { type ClassSplits, type SplitFractions, DEFAULT_SPLIT_FRACTIONS, splitClasses } from './splits';
import { copyRotated } from './rotate';
import { splitKey } from '../split-key';

/** Options of an N-way K-shot episode distribution. */
export interface EpisodeOptions {
  /** Classes per episode, N (default 5). */
  readonly ways?: number;
  /** Support examples per class, K (default 1). */
  readonly shots?: number;
  /** Query examples per class, Q (default 15). */
  readonly queryShots?: number;
  /** The split episodes are drawn from (default `train`). */
  readonly split?: Split;
  /** Seed of the class split (default 0): fixes which classes are meta-train, -validation, -test. */
  readonly splitSeed?: number;
  /** Fractions of classes (or groups) per split (default 0.6 / 0.1 / 0.3). */
  readonly fractions?: SplitFractions;
  /** Split whole groups (Omniglot: alphabets) instead of classes (default false: by class). */
  readonly splitByGroup?: boolean;
  /** Add 90/180/270-degree rotations of every class as new classes (default false). */
  readonly rotations?: boolean;
}

/** Resolved options, as the distribution reports them. */
export interface ResolvedEpisodeOptions {
  readonly ways: number;
  readonly shots: number;
  readonly queryShots: number;
  readonly split: Split;
  readonly splitSeed: number;
  readonly fractions: SplitFractions;
  readonly splitByGroup: boolean;
  readonly rotations: boolean;
}

function positiveInt(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new MetatuneError('INVALID_ARGUMENT', `${what} must be a positive integer, got ${value}`);
}

/**
 * Episodes over `images`: `support.x` is `[N*K, S, S, 1]` float32 (batch: `[T, N*K, S, S, 1]`),
 * `support.y` int32 labels 0..N-1 (class-major: K copies of 0, then of 1, ...), query likewise
 * with Q per class. Classes of an episode are a random choice from the split's class pool;
 * labels are their order of choice, so each episode remaps classes to 0..N-1 afresh.
 */
export class EpisodeDistribution implements TaskDistribution {
  readonly kind = 'classification' as const;
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly outputSize: number;
  readonly split: Split;
  readonly options: ResolvedEpisodeOptions;
  /** Base classes of each split (before rotation). */
  readonly classSplits: ClassSplits;
  /** Classes of this split as `(base class, quarter turns)` ids: `base * 4 + quarter`. */
  readonly pool: Int32Array;

  constructor(
    readonly images: LabeledImageSet,
    options: EpisodeOptions = {},
  ) {
    this.options = {
      ways: options.ways ?? 5,
      shots: options.shots ?? 1,
      queryShots: options.queryShots ?? 15,
      split: options.split ?? 'train',
      splitSeed: options.splitSeed ?? 0,
      fractions: options.fractions ?? DEFAULT_SPLIT_FRACTIONS,
      splitByGroup: options.splitByGroup ?? false,
      rotations: options.rotations ?? false,
    };
    const o = this.options;
    positiveInt(o.ways, 'ways (N)');
    positiveInt(o.shots, 'shots (K)');
    if (!Number.isInteger(o.queryShots) || o.queryShots < 0) throw new MetatuneError('INVALID_ARGUMENT', `queryShots (Q) must be a non-negative integer, got ${o.queryShots}`);
    if (o.shots + o.queryShots > images.perClass) {
      throw new MetatuneError('INVALID_ARGUMENT', `K + Q = ${o.shots} + ${o.queryShots} examples per class exceeds the ${images.perClass} examples per class of ${images.name}`, {
        hint: `use shots + queryShots <= ${images.perClass}`,
      });
    }
    if (o.splitByGroup && !images.groups) throw new MetatuneError('INVALID_ARGUMENT', `${images.name} has no groups to split by`, { hint: 'set splitByGroup: false' });
    this.split = o.split;
    this.classSplits = splitClasses(images.classes, o.splitSeed, o.fractions, o.splitByGroup ? images.groups : undefined);
    const base = this.classSplits[o.split];
    const turns = o.rotations ? 4 : 1;
    this.pool = new Int32Array(base.length * turns);
    base.forEach((c, i) => {
      for (let q = 0; q < turns; q++) this.pool[i * turns + q] = c * 4 + q;
    });
    if (o.ways > this.pool.length) {
      throw new MetatuneError('INVALID_ARGUMENT', `N = ${o.ways} ways exceeds the ${this.pool.length} classes in the '${o.split}' split of ${images.name}`, {
        hint: `use ways <= ${this.pool.length}${o.rotations ? '' : ', or rotations: true to multiply the classes by 4'}`,
      });
    }
    this.name = images.name;
    this.inputShape = [images.size, images.size, 1];
    this.outputSize = o.ways;
  }

  sample(key: Key): FewShotTask {
    const batch = this.sampleBatch(key, 1);
    const squeeze = (t: tf.Tensor) => {
      const s = tf.squeeze(t, [0]);
      t.dispose();
      return s;
    };
    return {
      support: { x: squeeze(batch.support.x), y: squeeze(batch.support.y) },
      query: { x: squeeze(batch.query.x), y: squeeze(batch.query.y) },
      info: batch.info?.[0],
    };
  }

  /** `size` episodes; episode `t` is drawn from `foldIn(splitKey(key, split), t)`. */
  sampleBatch(key: Key, size: number): TaskBatch {
    positiveInt(size, 'the batch size');
    const { ways: N, shots: K, queryShots: Q } = this.options;
    const { size: S, perClass: E, pixels } = this.images;
    const pixelsPer = S * S;
    const xs = new Float32Array(size * N * K * pixelsPer);
    const xq = new Float32Array(size * N * Q * pixelsPer);
    const ys = new Int32Array(size * N * K);
    const yq = new Int32Array(size * N * Q);
    const info: Record<string, unknown>[] = [];
    const base = splitKey(key, this.split);
    for (let t = 0; t < size; t++) {
      const episodeKey = foldIn(base, t);
      const chosen = random.choiceWithoutReplacement(foldIn(episodeKey, 0), this.pool.length, N);
      const classes: number[] = [];
      for (let n = 0; n < N; n++) {
        const id = this.pool[chosen[n]];
        const c = id >> 2;
        const quarter = id & 3;
        classes.push(id);
        const examples = random.choiceWithoutReplacement(foldIn(episodeKey, n + 1), E, K + Q);
        for (let j = 0; j < K + Q; j++) {
          const src = (c * E + examples[j]) * pixelsPer;
          if (j < K) {
            const row = (t * N + n) * K + j;
            copyRotated(pixels, src, S, quarter, xs, row * pixelsPer);
            ys[row] = n;
          } else {
            const row = (t * N + n) * Q + (j - K);
            copyRotated(pixels, src, S, quarter, xq, row * pixelsPer);
            yq[row] = n;
          }
        }
      }
      info.push({ classes: classes.map((id) => id >> 2), rotations: classes.map((id) => (id & 3) * 90) });
    }
    return {
      support: { x: tf.tensor(xs, [size, N * K, S, S, 1], 'float32'), y: tf.tensor(ys, [size, N * K], 'int32') },
      query: { x: tf.tensor(xq, [size, N * Q, S, S, 1], 'float32'), y: tf.tensor(yq, [size, N * Q], 'int32') },
      size,
      info,
    };
  }

  withSplit(split: Split): EpisodeDistribution {
    return new EpisodeDistribution(this.images, { ...this.options, split });
  }
}
