/**
 * The replay buffer of MER and ER: a fixed-capacity reservoir sample (Vitter 1985, Algorithm R)
 * of every example seen so far, held on the host so that storing one example costs no tensor
 * and a checkpoint can write it out as two tensors.
 */
import { MetatuneError, type Rng } from '@metatune/core';

/** The shape and dtype of one stored example; fixed by the first example a buffer sees. */
export interface ExampleLayout {
  /** Shape of one input without the batch axis, e.g. `[784]`. */
  readonly xShape: readonly number[];
  /** Shape of one target without the batch axis: `[]` for class labels, `[outputs]` for regression. */
  readonly yShape: readonly number[];
  /** `int32` for class labels, `float32` for regression targets. */
  readonly yDtype: 'int32' | 'float32';
}

/** A reservoir buffer. `x` and `y` hold `capacity` rows; the first `size` are filled. */
export interface ReplayBuffer {
  readonly capacity: number;
  /** Unset until the first example arrives. */
  layout: ExampleLayout | undefined;
  x: Float32Array;
  y: Float32Array | Int32Array;
  /** Rows filled, `min(seen, capacity)`. */
  size: number;
  /** Examples offered to the reservoir so far (its `n`). */
  seen: number;
}

/** Elements in one row of a layout's shape. */
export function rowSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** An empty buffer that will hold up to `capacity` examples. */
export function createBuffer(capacity: number): ReplayBuffer {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new MetatuneError('INVALID_OPTIONS', `the replay buffer needs a capacity of at least 1 example, got ${String(capacity)}`, { hint: 'pass e.g. memory: 500' });
  }
  return { capacity, layout: undefined, x: new Float32Array(0), y: new Float32Array(0), size: 0, seen: 0 };
}

/** A deep copy (the learners copy before writing so that a failed step leaves the old state whole). */
export function copyBuffer(b: ReplayBuffer): ReplayBuffer {
  return { capacity: b.capacity, layout: b.layout, x: b.x.slice(), y: b.y.slice(), size: b.size, seen: b.seen };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Sets the layout on first use and checks later examples against it. */
export function ensureLayout(b: ReplayBuffer, layout: ExampleLayout): void {
  if (!b.layout) {
    b.layout = layout;
    b.x = new Float32Array(b.capacity * rowSize(layout.xShape));
    b.y = layout.yDtype === 'int32' ? new Int32Array(b.capacity * rowSize(layout.yShape)) : new Float32Array(b.capacity * rowSize(layout.yShape));
    return;
  }
  const have = b.layout;
  if (!sameShape(have.xShape, layout.xShape) || !sameShape(have.yShape, layout.yShape) || have.yDtype !== layout.yDtype) {
    throw new MetatuneError('SHAPE_MISMATCH', `examples of shape x [${layout.xShape}] y [${layout.yShape}] ${layout.yDtype} do not match the stream's x [${have.xShape}] y [${have.yShape}] ${have.yDtype}`, {
      hint: 'every task of a stream must have the same input shape and target kind',
    });
  }
}

/**
 * Algorithm R's decision for the `seen`-th example (1-based, counting it): the slot it goes to,
 * or -1 when it is not kept. While the buffer has room every example is kept; after that the
 * new example replaces a uniformly chosen slot with probability `capacity / seen`, which keeps
 * every example seen so far in the buffer with the same probability `capacity / seen`.
 * (The reference MER code draws `randint(0, age)`, inclusive, one value too many; this draws
 * from `[0, seen)` as Algorithm R does.)
 */
export function reservoirSlot(seen: number, capacity: number, rng: Rng): number {
  if (seen <= capacity) return seen - 1;
  const j = rng.int(0, seen);
  return j < capacity ? j : -1;
}

/** Offers one example (rows of `x`/`y` at `index`) to the reservoir; returns the slot or -1. */
export function offer(b: ReplayBuffer, x: Float32Array, y: Float32Array | Int32Array, index: number, rng: Rng): number {
  const layout = b.layout!;
  const xs = rowSize(layout.xShape);
  const ys = rowSize(layout.yShape);
  b.seen += 1;
  const slot = reservoirSlot(b.seen, b.capacity, rng);
  if (slot >= 0) {
    b.x.set(x.subarray(index * xs, (index + 1) * xs), slot * xs);
    b.y.set(y.subarray(index * ys, (index + 1) * ys), slot * ys);
    b.size = Math.min(b.seen, b.capacity);
  }
  return slot;
}

/** `min(count, size)` distinct indices in `[0, size)`, uniformly (a partial Fisher-Yates shuffle). */
export function sampleIndices(size: number, count: number, rng: Rng): number[] {
  const n = Math.min(count, size);
  const pool = Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = rng.int(i, size);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, n);
}
