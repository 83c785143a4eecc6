// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf, validateValues } from '@metatune/core';
import { sgdMlpOmniglot } from './sgd-mlp-omniglot';

beforeAll(() => useBackend('cpu'));

describe('sgdMlpOmniglot', () => {
  const task = sgdMlpOmniglot({ ways: 5, epochs: 3, hidden: [16] });
  const good = { lr: 0.05, momentum: 0.9, weightDecay: 1e-5, batchSize: 10 };

  it('is deterministic, reports each epoch, and a sensible learning rate beats a tiny one', () => {
    expect(() => validateValues(task.space, good)).not.toThrow();
    const reports: number[] = [];
    const before = tf.memory().numTensors;
    const a = task.objective(good, { report: (_step, v) => reports.push(v) });
    expect(tf.memory().numTensors).toBe(before);
    expect(reports).toHaveLength(3);
    expect(reports[2]).toBe(a);
    expect(task.objective(good)).toBe(a);
    const tiny = task.objective({ ...good, lr: 1e-4, momentum: 0 });
    // A uniform guess over 5 classes scores ln 5 = 1.609; barely trained stays near it.
    expect(Math.abs(tiny - Math.log(5))).toBeLessThan(0.3);
    expect(a).toBeLessThan(tiny - 0.2);
  });

  it('re-trains the same problem from another start with trainingSeed', () => {
    const same = sgdMlpOmniglot({ ways: 5, epochs: 3, hidden: [16], trainingSeed: 0 });
    const other = sgdMlpOmniglot({ ways: 5, epochs: 3, hidden: [16], trainingSeed: 7 });
    const a = task.objective(good);
    // The default training seed is the problem's seed.
    expect(same.objective(good)).toBe(a);
    const b = other.objective(good);
    expect(b).not.toBe(a);
    // Same classes, another start: a different score of the same size.
    expect(Math.abs(b - a)).toBeLessThan(0.5);
  });

  it('scores a diverged run as the cap, and names bad problem sizes', () => {
    expect(task.objective({ lr: 1, momentum: 0.99, weightDecay: 0.1, batchSize: 4 })).toBeLessThanOrEqual(10 * Math.log(5));
    expect(() => sgdMlpOmniglot({ ways: 500 })).toThrow(/ways must be an integer in \[2, 145\]/);
    expect(() => sgdMlpOmniglot({ trainPerClass: 20 })).toThrow(/trainPerClass must be an integer in \[1, 19\]/);
    expect(() => task.objective({ lr: 'x' })).toThrow(/needs numeric/);
  });
});
