// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeKey, tf } from '@metatune/core';
import { EpisodeDistribution } from './episodes';
import type { LabeledImageSet } from './image-set';

beforeAll(() => useBackend('cpu'));

// A 4x4 image set whose pixel (0,0) encodes the class and pixel (0,1) the example, so episodes
// can be traced back to their source; pixel (3,3) = 0 marks the unrotated corner.
const C = 40;
const E = 6;
const S = 4;
function tracedSet(): LabeledImageSet {
  const pixels = new Float32Array(C * E * S * S);
  for (let c = 0; c < C; c++) {
    for (let e = 0; e < E; e++) {
      const o = (c * E + e) * S * S;
      pixels.fill(0.5, o, o + S * S);
      pixels[o] = c / 100;
      pixels[o + 1] = e / 100;
      pixels[o + S * S - 1] = 0;
    }
  }
  return { name: 'traced', size: S, classes: C, perClass: E, pixels, groups: Int32Array.from({ length: C }, (_, c) => c % 8) };
}

interface Source {
  cls: number;
  ex: number;
}
function sources(x: Float32Array, count: number): Source[] {
  return Array.from({ length: count }, (_, i) => ({ cls: Math.round(x[i * S * S] * 100), ex: Math.round(x[i * S * S + 1] * 100) }));
}

describe('EpisodeDistribution', () => {
  const images = tracedSet();

  it('makes [T, N*K, S, S, 1] episodes with labels 0..N-1 that each map to one class of the split', () => {
    const dist = new EpisodeDistribution(images, { ways: 5, shots: 2, queryShots: 3, split: 'test' });
    const batch = dist.sampleBatch(makeKey(0), 8);
    expect(batch.support.x.shape).toEqual([8, 10, 4, 4, 1]);
    expect(batch.support.y.shape).toEqual([8, 10]);
    expect(batch.support.y.dtype).toBe('int32');
    expect(batch.query.x.shape).toEqual([8, 15, 4, 4, 1]);
    const xs = batch.support.x.dataSync() as Float32Array;
    const xq = batch.query.x.dataSync() as Float32Array;
    const ys = batch.support.y.dataSync();
    const yq = batch.query.y.dataSync();
    const testClasses = new Set(dist.classSplits.test);
    for (let t = 0; t < 8; t++) {
      const sup = sources(xs.subarray(t * 10 * 16), 10);
      const qry = sources(xq.subarray(t * 15 * 16), 15);
      const classOfLabel = new Map<number, number>();
      const seen = new Set<string>();
      sup.forEach((s, i) => {
        const label = ys[t * 10 + i];
        expect(label).toBe(Math.floor(i / 2));
        if (!classOfLabel.has(label)) classOfLabel.set(label, s.cls);
        expect(classOfLabel.get(label)).toBe(s.cls);
        seen.add(`${s.cls}/${s.ex}`);
      });
      qry.forEach((q, i) => {
        expect(classOfLabel.get(yq[t * 15 + i])).toBe(q.cls);
        // Query examples are never support examples.
        expect(seen.has(`${q.cls}/${q.ex}`)).toBe(false);
        seen.add(`${q.cls}/${q.ex}`);
      });
      expect(new Set(classOfLabel.values()).size).toBe(5);
      for (const c of classOfLabel.values()) expect(testClasses.has(c)).toBe(true);
    }
    tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
  });

  it('never leaks classes between splits, also with rotations and group splits', () => {
    for (const options of [{ rotations: true }, { splitByGroup: true }]) {
      const used: Record<string, Set<number>> = {};
      for (const split of ['train', 'validation', 'test'] as const) {
        const dist = new EpisodeDistribution(images, { ways: 3, shots: 1, queryShots: 1, split, ...options });
        const batch = dist.sampleBatch(makeKey(5), 40);
        used[split] = new Set(batch.info!.flatMap((i) => i.classes as number[]));
        tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
      }
      for (const c of used.train) expect(used.validation.has(c) || used.test.has(c)).toBe(false);
      for (const c of used.validation) expect(used.test.has(c)).toBe(false);
    }
  });

  it('rotations make new classes: the marked corner moves', () => {
    const dist = new EpisodeDistribution(images, { ways: 20, shots: 1, queryShots: 0, rotations: true });
    const batch = dist.sampleBatch(makeKey(1), 4);
    const x = batch.support.x.dataSync();
    const corner = { 0: 15, 90: 3, 180: 0, 270: 12 } as Record<number, number>;
    const rotations = batch.info!.flatMap((i) => i.rotations as number[]);
    expect(new Set(rotations).size).toBe(4);
    rotations.forEach((r, i) => expect(x[i * 16 + corner[r]]).toBe(0));
    tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
  });

  it('is deterministic given a key and differs across keys', () => {
    const dist = new EpisodeDistribution(images, { ways: 5, shots: 1, queryShots: 2 });
    const [a, b, c] = [0, 0, 1].map((s) => dist.sampleBatch(makeKey(s), 3));
    expect(Array.from(a.support.x.dataSync())).toEqual(Array.from(b.support.x.dataSync()));
    expect(Array.from(a.query.x.dataSync())).toEqual(Array.from(b.query.x.dataSync()));
    expect(Array.from(c.support.x.dataSync())).not.toEqual(Array.from(a.support.x.dataSync()));
    const one = dist.sample(makeKey(0));
    expect(one.support.x.shape).toEqual([5, 4, 4, 1]);
    expect(Array.from(one.support.x.dataSync())).toEqual(Array.from(a.support.x.dataSync()).slice(0, 5 * 16));
    tf.dispose([a, b, c, one].flatMap((t) => [t.support.x, t.support.y, t.query.x, t.query.y]));
  });

  it('names the limit when K + Q or N is too large', () => {
    expect(() => new EpisodeDistribution(images, { shots: 5, queryShots: 2 })).toThrow(/K \+ Q = 5 \+ 2 .* exceeds the 6 examples per class/);
    // test split: 30% of 40 classes = 12.
    expect(() => new EpisodeDistribution(images, { ways: 13, split: 'test', queryShots: 1 })).toThrow(/N = 13 ways exceeds the 12 classes in the 'test' split/);
    expect(() => new EpisodeDistribution(images, { ways: 13, split: 'test', queryShots: 1, rotations: true })).not.toThrow();
    expect(() => new EpisodeDistribution({ ...images, groups: undefined }, { splitByGroup: true, queryShots: 1 })).toThrow(/no groups/);
  });
});
