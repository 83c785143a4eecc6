import { describe, expect, it } from 'vitest';
import { foldIn, makeKey } from '@metatune/core';
import { PersistentES } from './pes';
import type { UnrolledTask } from './unrolled';

// Inner loop: s_{t+1} = 0.9 s_t + theta0 + theta1 * t / T, loss_t = (s_{t+1} - 1)^2; T = 8 steps in
// 4 windows of 2. The total loss is quadratic in theta, so Gaussian smoothing does not move its gradient.
const T = 8;
const K = 2;
interface State { s: number; t: number }
const task: UnrolledTask<State> = {
  init: () => ({ s: 0, t: 0 }),
  unroll(state, theta) {
    let { s, t } = state;
    let loss = 0;
    for (let k = 0; k < K; k++) {
      s = 0.9 * s + theta[0] + (theta[1] * t) / T;
      t++;
      loss += (s - 1) ** 2;
    }
    return { state: { s, t }, loss, done: t >= T };
  },
};
function totalLoss(theta: Float64Array): number {
  let state = task.init(makeKey(0));
  let sum = 0;
  for (;;) {
    const r = task.unroll(state, theta, makeKey(0));
    sum += r.loss;
    state = r.state;
    if (r.done) return sum;
  }
}

async function episodeGradient(persistent: boolean, seed: number): Promise<Float64Array> {
  const pes = new PersistentES({ pairs: 2000, sigma: 0.05, persistent });
  const theta = Float64Array.from([0.05, 0.1]);
  const g = new Float64Array(2);
  for (let w = 0; w < T / K; w++) {
    const r = await pes.estimate(theta, task, foldIn(makeKey(seed), w));
    g[0] += r.gradient[0];
    g[1] += r.gradient[1];
  }
  return g;
}

describe('PersistentES', () => {
  const theta = Float64Array.from([0.05, 0.1]);
  const h = 1e-6;
  const trueGrad = [0, 1].map((i) => {
    const p = Float64Array.from(theta);
    const m = Float64Array.from(theta);
    p[i] += h;
    m[i] -= h;
    return (totalLoss(p) - totalLoss(m)) / (2 * h);
  });

  it('is unbiased for the full-unroll gradient, where truncated ES is not', async () => {
    const pes = await episodeGradient(true, 1);
    const tes = await episodeGradient(false, 1);
    for (let i = 0; i < 2; i++) expect(Math.abs(pes[i] - trueGrad[i])).toBeLessThan(0.1 * Math.abs(trueGrad[i]));
    const errPes = Math.hypot(pes[0] - trueGrad[0], pes[1] - trueGrad[1]);
    const errTes = Math.hypot(tes[0] - trueGrad[0], tes[1] - trueGrad[1]);
    expect(errTes).toBeGreaterThan(3 * errPes);
  });

  it('restarts finished unrolls and validates its input', async () => {
    const pes = new PersistentES({ pairs: 2 });
    for (let w = 0; w < 6; w++) await pes.estimate(theta, task, makeKey(w));
    await expect(pes.estimate(new Float64Array(3), task, makeKey(9))).rejects.toThrow(/reset/);
    pes.reset();
    await expect(pes.estimate(new Float64Array(3), task, makeKey(9))).resolves.toBeDefined();
    expect(() => new PersistentES({ pairs: 0 })).toThrow(/pairs/);
  });
});
