/**
 * Task streams for continual learning built from a labelled image set (Omniglot from
 * @metatune/tasks, or any set of square images): a sequence of `ways`-way problems over the same
 * characters, each seen through its own input transformation, as the MNIST permutations and
 * rotations of Lopez-Paz & Ranzato 2017 and Riemer et al. 2019. Labels keep their meaning across
 * tasks while the inputs change, so a learner that overwrites earlier tasks forgets them.
 */
import { MetatuneError, Rng, foldIn, split, tf, type DataSet, type Key } from '@metatune/core';

/**
 * Square grayscale images stored class-major, `pixels[((c * perClass + e) * size + y) * size + x]`
 * in [0, 1] (the shape of `LabeledImageSet` in @metatune/tasks, e.g. `omniglotImageSet(loadOmniglot())`).
 */
export interface ImageClasses {
  readonly size: number;
  readonly classes: number;
  readonly perClass: number;
  readonly pixels: Uint8Array | Float32Array;
}

/** How each task transforms the images: a fixed random pixel permutation, or a rotation. */
export type StreamTransform = 'permute' | 'rotate';

/** Options of {@link imageStream}. */
export interface ImageStreamOptions {
  /** Number of tasks T (default 10). */
  readonly tasks?: number;
  /** Classes per task, the same characters in every task (default 10). */
  readonly ways?: number;
  /** `'permute'` (default): a random pixel permutation per task; `'rotate'`: a random angle in [0, 180) degrees per task. */
  readonly transform?: StreamTransform;
  /** Training examples per class and task; the class's other examples form the test set (default 15). */
  readonly trainPerClass?: number;
  /** Average-pool the images by this integer factor before the permutation (default 1; 2 turns 28x28 into 14x14). */
  readonly pool?: number;
  /** Key of the stream: which characters, which drawings train, the transforms and the order. */
  readonly key: Key;
}

/** One task of a stream: its training examples in stream order and a held-out test set. */
export interface ContinualTask {
  /** `x [N, (size / pool)^2]` float32 (flattened), `y [N]` int32 labels in [0, ways). */
  readonly train: DataSet;
  readonly test: DataSet;
  /** How the task was made, for reports. */
  readonly info: { readonly index: number; readonly transform: StreamTransform; readonly angle?: number; readonly classes: readonly number[] };
}

function invalid(message: string, hint: string): MetatuneError {
  return new MetatuneError('INVALID_OPTIONS', message, { hint });
}

function shuffled(n: number, rng: Rng): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Source pixel index for every output pixel: a rotation by `degrees` about the centre, nearest neighbour, -1 outside. */
export function rotationMap(size: number, degrees: number): Int32Array {
  const map = new Int32Array(size * size);
  const c = (size - 1) / 2;
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Inverse rotation: which source pixel lands at (y, x).
      const sx = Math.round(cos * (x - c) + sin * (y - c) + c);
      const sy = Math.round(-sin * (x - c) + cos * (y - c) + c);
      map[y * size + x] = sx >= 0 && sx < size && sy >= 0 && sy < size ? sy * size + sx : -1;
    }
  }
  return map;
}

/**
 * A stream of `tasks` transformed `ways`-way problems over `ways` characters of `images`. The
 * caller owns the returned tensors (dispose them with {@link disposeStream}).
 *
 * @example
 * const stream = imageStream(omniglotImageSet(loadOmniglot()), { tasks: 10, transform: 'permute', key: makeKey(0) });
 */
export function imageStream(images: ImageClasses, options: ImageStreamOptions): ContinualTask[] {
  const tasks = options.tasks ?? 10;
  const ways = options.ways ?? 10;
  const transform = options.transform ?? 'permute';
  const trainPerClass = options.trainPerClass ?? 15;
  if (!Number.isInteger(tasks) || tasks < 1) throw invalid(`tasks must be a positive integer, got ${String(tasks)}`, 'pass e.g. tasks: 10');
  if (!Number.isInteger(ways) || ways < 2 || ways > images.classes) throw invalid(`ways must be an integer in [2, ${images.classes}], got ${String(ways)}`, 'pass e.g. ways: 10');
  if (!Number.isInteger(trainPerClass) || trainPerClass < 1 || trainPerClass >= images.perClass) {
    throw invalid(`trainPerClass must be an integer in [1, ${images.perClass - 1}] (the rest is the test set), got ${String(trainPerClass)}`, 'pass e.g. trainPerClass: 15');
  }
  const pool = options.pool ?? 1;
  if (!Number.isInteger(pool) || pool < 1 || images.size % pool !== 0) throw invalid(`pool must be a positive integer dividing the image size ${images.size}, got ${String(pool)}`, 'pass e.g. pool: 2');
  if (transform !== 'permute' && transform !== 'rotate') throw invalid(`transform must be 'permute' or 'rotate', got ${String(transform)}`, "pass transform: 'permute'");
  const { size, perClass, pixels } = images;
  const area = size * size;
  const side = size / pool;
  const features = side * side;
  const [classKey, drawKey, taskKey] = split(options.key, 3);
  const classes = shuffled(images.classes, new Rng(classKey)).slice(0, ways);
  // Per class: which drawings train and which test (the same in every task).
  const drawRng = new Rng(drawKey);
  const drawings = classes.map(() => shuffled(perClass, drawRng));
  const testPerClass = perClass - trainPerClass;
  const out: ContinualTask[] = [];
  for (let t = 0; t < tasks; t++) {
    const rng = new Rng(foldIn(taskKey, t));
    // Rotations act on the full-size image before pooling, permutations on the pooled pixels.
    let rotation: Int32Array | undefined;
    let permutation: Int32Array | undefined;
    let angle: number | undefined;
    if (transform === 'permute') permutation = Int32Array.from(shuffled(features, rng));
    else {
      angle = rng.between(0, 180);
      rotation = rotationMap(size, angle);
    }
    const image = new Float32Array(area);
    const pooled = new Float32Array(features);
    const build = (part: 'train' | 'test', order: number[] | undefined): DataSet => {
      const per = part === 'train' ? trainPerClass : testPerClass;
      const n = ways * per;
      const x = new Float32Array(n * features);
      const y = new Int32Array(n);
      const rows = order ?? Array.from({ length: n }, (_, i) => i);
      rows.forEach((r, i) => {
        const label = Math.floor(r / per);
        const e = drawings[label][(part === 'train' ? 0 : trainPerClass) + (r % per)];
        const src = (classes[label] * perClass + e) * area;
        for (let p = 0; p < area; p++) {
          const s = rotation ? rotation[p] : p;
          image[p] = s < 0 ? 0 : pixels[src + s];
        }
        pooled.fill(0);
        for (let py = 0; py < size; py++) for (let px = 0; px < size; px++) pooled[Math.floor(py / pool) * side + Math.floor(px / pool)] += image[py * size + px] / (pool * pool);
        for (let p = 0; p < features; p++) x[i * features + p] = pooled[permutation ? permutation[p] : p];
        y[i] = label;
      });
      return { x: tf.tensor2d(x, [n, features]), y: tf.tensor1d(y, 'int32') };
    };
    const train = build('train', shuffled(ways * trainPerClass, rng));
    const test = build('test', undefined);
    out.push({ train, test, info: { index: t, transform, ...(angle === undefined ? {} : { angle }), classes } });
  }
  return out;
}

/** Releases the tensors of a stream. */
export function disposeStream(stream: readonly ContinualTask[]): void {
  for (const task of stream) tf.dispose([task.train.x, task.train.y, task.test.x, task.test.y]);
}
