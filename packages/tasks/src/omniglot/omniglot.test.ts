// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetatuneError, makeKey, tf } from '@metatune/core';
import { readDataFile } from '../data-file';
import { loadOmniglot, parseOmniglot } from './load';
import { OMNIGLOT_MANIFEST } from './manifest.generated';
import { omniglot } from './omniglot';

beforeAll(() => useBackend('cpu'));

describe('omniglot data', () => {
  it('loads the shipped file: 242 characters x 20 drawings of 28x28, 8 alphabets, plausible ink', () => {
    const data = loadOmniglot();
    expect([data.characters, data.drawings, data.imageSize]).toEqual([242, 20, 28]);
    expect(data.metadata.alphabets).toHaveLength(8);
    const ink = data.pixels.reduce((a, b) => a + b, 0) / data.pixels.length;
    expect(ink).toBeGreaterThan(0.05);
    expect(ink).toBeLessThan(0.2);
    // No two characters are identical (the archives' duplicated alphabets were removed once).
    const perChar = 20 * 28 * 28;
    const digests = new Set<string>();
    for (let c = 0; c < 242; c++) digests.add(Buffer.from(data.pixels.subarray(c * perChar, (c + 1) * perChar)).toString('base64'));
    expect(digests.size).toBe(242);
  });

  it('rejects corrupt or truncated bytes with DATA_CORRUPT naming the check', () => {
    const bytes = readDataFile(OMNIGLOT_MANIFEST.file);
    const flipped = bytes.slice();
    flipped[1000] ^= 1;
    expect(() => parseOmniglot(flipped)).toThrow(/SHA-256 .* does not match/);
    expect(() => parseOmniglot(bytes.subarray(0, 100))).toThrow(/100 bytes, expected/);
    expect(() => parseOmniglot(bytes.slice().buffer)).not.toThrow();
    try {
      parseOmniglot(flipped);
    } catch (e) {
      expect((e as MetatuneError).code).toBe('DATA_CORRUPT');
    }
  });

  it('names a missing data file', () => {
    expect(() => readDataFile('no-such-file.bin')).toThrow(/could not be read/);
  });
});

describe('omniglot episodes', () => {
  it('makes 5-way 1-shot meta-batches [32, 5, 28, 28, 1] with int32 labels', () => {
    const batch = omniglot({ ways: 5, shots: 1, queryShots: 15, rotations: true }).sampleBatch(makeKey(0), 32);
    expect(batch.support.x.shape).toEqual([32, 5, 28, 28, 1]);
    expect(batch.support.y.shape).toEqual([32, 5]);
    expect(batch.query.x.shape).toEqual([32, 75, 28, 28, 1]);
    expect(Array.from(batch.support.y.dataSync().slice(0, 5))).toEqual([0, 1, 2, 3, 4]);
    tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
  });

  it('keeps meta-train and meta-test characters apart (by character and by alphabet)', () => {
    for (const splitByGroup of [false, true]) {
      const train = omniglot({ splitByGroup });
      const test = train.withSplit('test');
      const trainSet = new Set(train.classSplits.train);
      for (const c of test.classSplits.test) expect(trainSet.has(c)).toBe(false);
      const b = test.sampleBatch(makeKey(0), 20);
      for (const c of b.info!.flatMap((i) => i.classes as number[])) expect(trainSet.has(c)).toBe(false);
      tf.dispose([b.support.x, b.support.y, b.query.x, b.query.y]);
    }
  });

  it('names the limit for 20-way episodes of a small split and for too many shots', () => {
    expect(() => omniglot({ ways: 30, split: 'validation' })).toThrow(/N = 30 ways exceeds the 24 classes in the 'validation' split of omniglot/);
    expect(() => omniglot({ shots: 10, queryShots: 15 })).toThrow(/exceeds the 20 examples per class/);
  });
});
