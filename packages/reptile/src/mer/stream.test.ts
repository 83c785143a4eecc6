import { MetatuneError, makeKey, nn, tf } from '@metatune/core';
import { copyRotated, loadOmniglot, omniglotImageSet } from '@metatune/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../core/src/testing/backends';
import { learnStream } from './learn-stream';
import { onlineSgd, mer } from './learner';
import { disposeStream, imageStream, rotationMap } from './stream';

const images = omniglotImageSet(loadOmniglot());

function sortedRow(x: tf.Tensor, i: number): number[] {
  return Array.from(tf.tidy(() => tf.slice(x, [i], [1])).dataSync()).sort((a, b) => a - b);
}

describe('Omniglot task streams', () => {
  beforeAll(() => useBackend('cpu'));

  it('builds T permuted 10-way tasks over the same characters, train and test apart', () => {
    const stream = imageStream(images, { tasks: 3, ways: 10, trainPerClass: 15, pool: 2, key: makeKey(0) });
    expect(stream).toHaveLength(3);
    for (const task of stream) {
      expect(task.train.x.shape).toEqual([150, 196]);
      expect(task.test.x.shape).toEqual([50, 196]);
      expect(task.train.y.dtype).toBe('int32');
      const counts = new Array<number>(10).fill(0);
      for (const label of task.train.y.dataSync()) counts[label]++;
      expect(counts).toEqual(new Array<number>(10).fill(15));
      expect(task.info.classes).toEqual(stream[0].info.classes);
    }
    // The test sets hold the same drawings in the same order, each task permuting the pixels.
    expect(sortedRow(stream[0].test.x, 7)).toEqual(sortedRow(stream[1].test.x, 7));
    expect(Array.from(stream[0].test.x.dataSync())).not.toEqual(Array.from(stream[1].test.x.dataSync()));
    // Pooling by 2 averages 2x2 blocks of 0/1 pixels.
    expect(new Set(stream[0].train.x.dataSync()).size).toBeLessThanOrEqual(5);
    const again = imageStream(images, { tasks: 3, ways: 10, trainPerClass: 15, pool: 2, key: makeKey(0) });
    expect(Array.from(again[2].train.x.dataSync())).toEqual(Array.from(stream[2].train.x.dataSync()));
    const other = imageStream(images, { tasks: 1, ways: 10, pool: 2, key: makeKey(1) });
    expect(other[0].info.classes).not.toEqual(stream[0].info.classes);
    for (const s of [stream, again, other]) disposeStream(s);
  });

  it('rotates about the centre: 0 degrees is the identity, 90 degrees a quarter turn', () => {
    const size = 28;
    const id = rotationMap(size, 0);
    expect(Array.from(id)).toEqual(Array.from({ length: size * size }, (_, i) => i));
    const map = rotationMap(size, 90);
    const src = images.pixels.subarray(0, size * size);
    const mine = new Float32Array(size * size);
    for (let p = 0; p < size * size; p++) mine[p] = src[map[p]];
    const reference = new Float32Array(size * size);
    copyRotated(src, 0, size, 3, reference, 0);
    expect(Array.from(mine)).toEqual(Array.from(reference));
    const stream = imageStream(images, { tasks: 2, transform: 'rotate', key: makeKey(2) });
    expect(stream[0].info.angle).toBeGreaterThanOrEqual(0);
    expect(stream[0].info.angle).toBeLessThan(180);
    expect(stream[0].train.x.shape).toEqual([150, 784]);
    disposeStream(stream);
  });

  it('rejects impossible streams with INVALID_OPTIONS', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as MetatuneError).code;
      }
      return 'none';
    };
    expect(code(() => imageStream(images, { ways: 1000, key: makeKey(0) }))).toBe('INVALID_OPTIONS');
    expect(code(() => imageStream(images, { trainPerClass: 20, key: makeKey(0) }))).toBe('INVALID_OPTIONS');
    expect(code(() => imageStream(images, { pool: 3, key: makeKey(0) }))).toBe('INVALID_OPTIONS');
    expect(code(() => imageStream(images, { tasks: 0, key: makeKey(0) }))).toBe('INVALID_OPTIONS');
  });

  it('learnStream measures the T x T accuracy matrix and its ACC and BWT, without leaks', () => {
    const stream = imageStream(images, { tasks: 2, ways: 5, trainPerClass: 10, pool: 4, key: makeKey(3) });
    const before = tf.memory().numTensors;
    const model = nn.mlp([49, 16, 5]);
    const rows: number[][] = [];
    const result = learnStream(onlineSgd({ model, lr: 0.1 }), stream, { key: makeKey(4), onTask: (_, row) => rows.push([...row]) });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.accuracy).toEqual(rows);
    expect(result.accuracy).toHaveLength(2);
    expect(result.acc).toBeCloseTo((rows[1][0] + rows[1][1]) / 2, 12);
    expect(result.bwt).toBeCloseTo(rows[1][0] - rows[0][0], 12);
    expect(result.initial).toHaveLength(2);
    const kept = learnStream(mer({ model, batches: 1, replay: 2, memory: 10 }), stream, { key: makeKey(4), keepState: true });
    expect(kept.state?.buffer?.size).toBe(10);
    if (kept.state) mer({ model }).disposeState(kept.state);
    expect(tf.memory().numTensors).toBe(before);
    disposeStream(stream);
  });
});
