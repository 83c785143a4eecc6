// Imported first: tfjs-core's main entry must load before @metatune/core (see the README).
import { useBackend } from '../../../core/src/testing/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeKey, tf } from '@metatune/core';
import { sineLine } from './sine-line';

beforeAll(() => useBackend('cpu'));

describe('sineLine', () => {
  it('mixes sines and lines about half and half, each with the right targets', () => {
    const batch = sineLine({ shots: 4 }).sampleBatch(makeKey(1), 400);
    const xs = batch.support.x.dataSync();
    const ys = batch.support.y.dataSync();
    let sines = 0;
    batch.info!.forEach((info, t) => {
      const i = info as { mode: string; amplitude: number; phase: number; slope: number; intercept: number };
      for (let k = 0; k < 4; k++) {
        const x = xs[t * 4 + k];
        const y = i.mode === 'sine' ? i.amplitude * Math.sin(x - i.phase) : i.slope * x + i.intercept;
        expect(ys[t * 4 + k]).toBeCloseTo(y, 4);
      }
      if (i.mode === 'sine') sines++;
      else {
        expect(Math.abs(i.slope)).toBeLessThanOrEqual(3);
        expect(Math.abs(i.intercept)).toBeLessThanOrEqual(3);
      }
    });
    // Binomial(400, 0.5): 4 standard deviations is +-40.
    expect(Math.abs(sines - 200)).toBeLessThan(40);
    tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
  });

  it('adds seeded noise with the requested spread', () => {
    const family = sineLine({ shots: 50, sineProbability: 0, noiseStd: 0.3 });
    const a = family.sampleBatch(makeKey(2), 40);
    const b = family.sampleBatch(makeKey(2), 40);
    expect(Array.from(a.support.y.dataSync())).toEqual(Array.from(b.support.y.dataSync()));
    const xs = a.support.x.dataSync();
    const ys = a.support.y.dataSync();
    let sq = 0;
    a.info!.forEach((info, t) => {
      const i = info as { slope: number; intercept: number };
      for (let k = 0; k < 50; k++) sq += (ys[t * 50 + k] - (i.slope * xs[t * 50 + k] + i.intercept)) ** 2;
    });
    expect(Math.sqrt(sq / 2000)).toBeGreaterThan(0.27);
    expect(Math.sqrt(sq / 2000)).toBeLessThan(0.33);
    tf.dispose([a, b].flatMap((t) => [t.support.x, t.support.y, t.query.x, t.query.y]));
  });

  it('rejects bad options', () => {
    expect(() => sineLine({ sineProbability: 2 })).toThrow(/sineProbability/);
    expect(() => sineLine({ noiseStd: -1 })).toThrow(/noiseStd/);
  });
});
