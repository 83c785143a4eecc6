/**
 * Test support (not exported from the package): small sinusoid batches built with core's random,
 * so unit tests need no task package and stay fast.
 */
import { Rng, foldIn, tf, type Key, type Params, type TaskBatch, type TaskDistribution } from '@metatune/core';

/** `size` sinusoid tasks y = A sin(x - phi) with `shots` support and query points each. */
export function sineBatch(key: Key, size: number, shots = 5): TaskBatch {
  const rng = new Rng(key);
  const xs: number[] = [];
  const ys: number[] = [];
  const xq: number[] = [];
  const yq: number[] = [];
  for (let t = 0; t < size; t++) {
    const a = rng.between(0.1, 5);
    const p = rng.between(0, Math.PI);
    for (let i = 0; i < shots; i++) {
      const x = rng.between(-5, 5);
      xs.push(x);
      ys.push(a * Math.sin(x - p));
      const x2 = rng.between(-5, 5);
      xq.push(x2);
      yq.push(a * Math.sin(x2 - p));
    }
  }
  const shape: [number, number, number] = [size, shots, 1];
  return { support: { x: tf.tensor3d(xs, shape), y: tf.tensor3d(ys, shape) }, query: { x: tf.tensor3d(xq, shape), y: tf.tensor3d(yq, shape) }, size };
}

/** A sinusoid `TaskDistribution` over {@link sineBatch}. */
export function sineTasks(shots = 5, split: 'train' | 'validation' | 'test' = 'train'): TaskDistribution {
  const salt = { train: 1, validation: 2, test: 3 }[split];
  return {
    name: 'sine-test',
    kind: 'regression',
    split,
    inputShape: [1],
    outputSize: 1,
    sample: () => {
      throw new Error('not used');
    },
    sampleBatch: (key, size) => sineBatch(foldIn(key, salt), size, shots),
    withSplit: (s) => sineTasks(shots, s),
  };
}

/** Disposes the four tensors of a batch. */
export function disposeBatch(b: TaskBatch): void {
  tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y]);
}

/** All leaves of a params tree, flattened in key order, as float64 numbers. */
export function flatValues(p: Params): number[] {
  const out: number[] = [];
  const walk = (node: Params) => {
    for (const key of Object.keys(node)) {
      const v = node[key] as Params | tf.Tensor;
      if (typeof (v as tf.Tensor).dataSync === 'function' && 'shape' in v) out.push(...Array.from((v as tf.Tensor).dataSync()));
      else walk(v as Params);
    }
  };
  walk(p);
  return out;
}

/** The float32 bit patterns of a params tree (for bit-identity checks). */
export function bits(p: Params): number[] {
  return Array.from(new Uint32Array(Float32Array.from(flatValues(p)).buffer));
}
