// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeKey, tf } from '@metatune/core';
import { sinusoid, sinusoidTasksFromArrays } from './sinusoid';

beforeAll(() => useBackend('cpu'));

const arr = (t: tf.Tensor) => Array.from(t.dataSync());

describe('sinusoid', () => {
  it('draws y = A sin(x - phi) with the MAML ranges and shapes [T, K, 1]', () => {
    const batch = sinusoid({ shots: 5, queryShots: 7 }).sampleBatch(makeKey(0), 50);
    expect(batch.support.x.shape).toEqual([50, 5, 1]);
    expect(batch.query.y.shape).toEqual([50, 7, 1]);
    const xs = arr(batch.support.x);
    const ys = arr(batch.support.y);
    batch.info!.forEach((info, t) => {
      const { amplitude, phase } = info as { amplitude: number; phase: number };
      expect(amplitude).toBeGreaterThanOrEqual(0.1);
      expect(amplitude).toBeLessThan(5);
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(Math.PI);
      for (let i = 0; i < 5; i++) {
        expect(Math.abs(xs[t * 5 + i])).toBeLessThanOrEqual(5);
        expect(ys[t * 5 + i]).toBeCloseTo(amplitude * Math.sin(xs[t * 5 + i] - phase), 5);
      }
    });
    tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
  });

  it('is deterministic given a key; another key gives other tasks; sample(key) is task 0 of the batch', () => {
    const sines = sinusoid();
    const a = sines.sampleBatch(makeKey(3), 4);
    const b = sines.sampleBatch(makeKey(3), 4);
    const c = sines.sampleBatch(makeKey(4), 4);
    const one = sines.sample(makeKey(3));
    expect(arr(a.support.y)).toEqual(arr(b.support.y));
    expect(arr(a.query.x)).toEqual(arr(b.query.x));
    expect(arr(c.support.y)).not.toEqual(arr(a.support.y));
    expect(one.support.x.shape).toEqual([10, 1]);
    expect(arr(one.support.y)).toEqual(arr(a.support.y).slice(0, 10));
    expect(one.info).toEqual(a.info![0]);
    tf.dispose([a, b, c, one].flatMap((t) => [t.support.x, t.support.y, t.query.x, t.query.y]));
  });

  it('never shares a function between splits for the same or nearby keys', () => {
    const params = (split: 'train' | 'validation' | 'test') =>
      sinusoid({ split })
        .draws(makeKey(0), 300)
        .map((d) => `${d.info.amplitude}/${d.info.phase}`);
    const train = new Set(params('train'));
    for (const p of [...params('validation'), ...params('test')]) expect(train.has(p)).toBe(false);
    expect(sinusoid().withSplit('test').split).toBe('test');
  });

  it('builds fixed task sets from arrays (e.g. the peers evaluation file)', () => {
    const batch = sinusoidTasksFromArrays({ amp: [2, 0.5], phase: [1, 0], xSupport: [[0, 1], [2, 3]], xQuery: [[4], [-1]] });
    expect(batch.support.x.shape).toEqual([2, 2, 1]);
    expect(arr(batch.support.y)).toEqual([2 * Math.sin(-1), 2 * Math.sin(0), 0.5 * Math.sin(2), 0.5 * Math.sin(3)].map(Math.fround));
    expect(arr(batch.query.y)).toEqual([2 * Math.sin(3), 0.5 * Math.sin(-1)].map(Math.fround));
    expect(() => sinusoidTasksFromArrays({ amp: [1], phase: [1, 2], xSupport: [[0]], xQuery: [[0]] })).toThrow(/phase has 2 entries/);
    expect(() => sinusoidTasksFromArrays({ amp: [1, 1], phase: [1, 2], xSupport: [[0], [0, 1]], xQuery: [[0], [0]] })).toThrow(/same K/);
  });

  it('rejects bad sizes and ranges, and leaks no tensors', () => {
    expect(() => sinusoid({ shots: 0 })).toThrow(/shots/);
    expect(() => sinusoid({ amplitude: [5, 1] })).toThrow(/amplitude/);
    expect(() => sinusoid().sampleBatch(makeKey(0), 0)).toThrow(/batch size/);
    const before = tf.memory().numTensors;
    const b = sinusoid().sampleBatch(makeKey(0), 3);
    const s = sinusoid().sample(makeKey(0));
    expect(tf.memory().numTensors).toBe(before + 8);
    tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y, s.support.x, s.support.y, s.query.x, s.query.y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
