import { makeKey, nn, tf, type Params } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../core/src/testing/backends';
import { mer, onlineSgd, experienceReplay } from './learner';
import { resolveContinualOptions } from './options';
import { erUpdate, merUpdate, sgdStep, type ExampleBatch } from './updates';

// A linear model y = w1 x1 + w2 x2 + b with squared error: SGD by hand is
// w <- w - lr * 2 r x, b <- b - lr * 2 r with the residual r = w.x + b - y.
const model = nn.mlp([2, 1]);
type Lin = { w: [number, number]; b: number };

function read(p: Params): Lin {
  const layer = p.layer0 as unknown as { w: tf.Tensor; b: tf.Tensor };
  const w = layer.w.dataSync();
  return { w: [w[0], w[1]], b: layer.b.dataSync()[0] };
}

function handSgd(t: Lin, rows: readonly [number, number, number][], lr: number): Lin {
  // Mean squared error over the rows: gradient is the mean of 2 r x.
  let g1 = 0;
  let g2 = 0;
  let gb = 0;
  for (const [x1, x2, y] of rows) {
    const r = t.w[0] * x1 + t.w[1] * x2 + t.b - y;
    g1 += (2 * r * x1) / rows.length;
    g2 += (2 * r * x2) / rows.length;
    gb += (2 * r) / rows.length;
  }
  return { w: [t.w[0] - lr * g1, t.w[1] - lr * g2], b: t.b - lr * gb };
}

const lerp = (a: Lin, b: Lin, s: number): Lin => ({ w: [a.w[0] + s * (b.w[0] - a.w[0]), a.w[1] + s * (b.w[1] - a.w[1])], b: a.b + s * (b.b - a.b) });

/** MER, Algorithm 1 of Riemer et al. 2019, in float64 by hand. */
function handMer(t0: Lin, batches: [number, number, number][][], lr: number, beta: number, gamma: number): Lin {
  let t = t0;
  for (const batch of batches) {
    const start = t;
    for (const row of batch) t = handSgd(t, [row], lr);
    t = lerp(start, t, beta);
  }
  return lerp(t0, t, gamma);
}

function toBatch(rows: [number, number, number][]): ExampleBatch {
  return { x: tf.tensor2d(rows.map((r) => [r[0], r[1]])), y: tf.tensor2d(rows.map((r) => [r[2]])) };
}

function expectLin(got: Lin, want: Lin, digits = 5): void {
  expect(got.w[0]).toBeCloseTo(want.w[0], digits);
  expect(got.w[1]).toBeCloseTo(want.w[1], digits);
  expect(got.b).toBeCloseTo(want.b, digits);
}

const B1: [number, number, number][] = [
  [0.5, -1, 2],
  [1.5, 0.25, -1],
];
const B2: [number, number, number][] = [
  [-0.7, 0.3, 0.5],
  [0.2, 0.9, 1.2],
  [1, 1, -0.4],
];

describe('MER update (Riemer et al. 2019, Algorithm 1)', () => {
  beforeAll(() => useBackend('cpu'));

  it('equals a hand computation: per-example SGD, within-batch beta, across-batch gamma', () => {
    const opts = resolveContinualOptions({ model, lr: 0.05, beta: 0.3, gamma: 0.6 }, 'mer');
    const params = model.init(makeKey(0));
    const t0 = read(params);
    const batches = [toBatch(B1), toBatch(B2)];
    const out = merUpdate(opts, params, batches);
    expect(out.steps).toBe(5);
    expectLin(read(out.params), handMer(t0, [B1, B2], 0.05, 0.3, 0.6));
    // The reported loss is the sum of the five per-example losses before each step.
    expect(out.lossSum.dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([out.lossSum, ...batches.flatMap((b) => [b.x, b.y])]);
  });

  it('reduces to plain SGD steps, one example at a time, when beta = gamma = 1', () => {
    const opts = resolveContinualOptions({ model, lr: 0.05, beta: 1, gamma: 1 }, 'mer');
    const params = model.init(makeKey(1));
    const batches = [toBatch(B1), toBatch(B2)];
    const out = merUpdate(opts, params, batches);
    let p = params;
    for (const row of [...B1, ...B2]) {
      const b = toBatch([row]);
      const step = sgdStep(opts, p, b);
      tf.dispose([b.x, b.y, step.loss]);
      p = step.params;
    }
    expectLin(read(out.params), read(p), 6);
    expectLin(read(out.params), handMer(read(params), [B1, B2], 0.05, 1, 1));
  });

  it('learns one incoming example with an empty buffer as s batches of that example', () => {
    const learner = mer({ model, lr: 0.1, beta: 0.5, gamma: 0.7, batches: 3, replay: 4, memory: 8 });
    const state = learner.init(makeKey(2));
    const t0 = read(state.params);
    const row: [number, number, number] = [0.4, -0.6, 1.5];
    const x = tf.tensor2d([[row[0], row[1]]]);
    const y = tf.tensor2d([[row[2]]]);
    const { state: next, metrics } = learner.observe(state, { x, y });
    expectLin(read(next.params), handMer(t0, [[row], [row], [row]], 0.1, 0.5, 0.7));
    expect(next.buffer!.size).toBe(1);
    expect(next.seen).toBe(1);
    expect(metrics.examples).toBe(1);
    learner.disposeState(next);
    tf.dispose([x, y]);
  });

  it('experience replay is one SGD step on the mean loss of each batch; online SGD one step per example', () => {
    const opts = resolveContinualOptions({ model, lr: 0.05 }, 'er');
    const params = model.init(makeKey(3));
    const t0 = read(params);
    const batches = [toBatch(B1), toBatch(B2)];
    const out = erUpdate(opts, params, batches);
    expect(out.steps).toBe(2);
    expectLin(read(out.params), handSgd(handSgd(t0, B1, 0.05), B2, 0.05));

    const online = onlineSgd({ model, lr: 0.2 });
    const s0 = online.init(makeKey(4));
    const start = read(s0.params);
    const x = tf.tensor2d([[1, 2], [3, -1]]);
    const y = tf.tensor2d([[0.5], [-0.5]]);
    const s1 = online.observe(s0, { x, y }).state;
    expectLin(read(s1.params), handSgd(handSgd(start, [[1, 2, 0.5]], 0.2), [[3, -1, -0.5]], 0.2));
    expect(s1.buffer).toBeUndefined();
    online.disposeState(s1);
    expect(experienceReplay({ model }).options.batches).toBe(2);
    tf.dispose([x, y, out.lossSum, ...batches.flatMap((b) => [b.x, b.y])]);
  });
});
