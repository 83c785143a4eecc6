import { makeKey, nn, tf, type Params, type TaskBatch } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../core/src/testing/backends';
import { foldIn } from '@metatune/core';
import { minibatchPlan } from './inner-loop';
import { reptile } from './learner';
import { bits, disposeBatch, flatValues, sineBatch } from './test-helpers';

/** A linear model y = w x + b: its MSE gradient is easy to write by hand. */
const linear = nn.mlp([1, 1]);

/** Plain SGD on MSE for y = w x + b, in float64, over the given rows of one task. */
function handSgd(w: number, b: number, xs: number[], ys: number[], lr: number, rowsPerStep: number[][]): [number, number] {
  for (const rows of rowsPerStep) {
    let gw = 0;
    let gb = 0;
    for (const i of rows) {
      const r = w * xs[i] + b - ys[i];
      gw += (2 * r * xs[i]) / rows.length;
      gb += (2 * r) / rows.length;
    }
    w -= lr * gw;
    b -= lr * gb;
  }
  return [w, b];
}

function taskArrays(batch: TaskBatch, t: number): { xs: number[]; ys: number[] } {
  const N = batch.support.x.shape[1] as number;
  const x = batch.support.x.dataSync();
  const y = batch.support.y.dataSync();
  return { xs: Array.from(x.slice(t * N, (t + 1) * N)), ys: Array.from(y.slice(t * N, (t + 1) * N)) };
}

/** theta + eps * (mean_t phi_t - theta), by hand. */
function handReptile(theta: [number, number], batch: TaskBatch, lr: number, eps: number, plan: (t: number) => number[][]): [number, number] {
  let mw = 0;
  let mb = 0;
  for (let t = 0; t < batch.size; t++) {
    const { xs, ys } = taskArrays(batch, t);
    const [w, b] = handSgd(theta[0], theta[1], xs, ys, lr, plan(t));
    mw += w / batch.size;
    mb += b / batch.size;
  }
  return [theta[0] + eps * (mw - theta[0]), theta[1] + eps * (mb - theta[1])];
}

const wb = (p: Params): [number, number] => flatValues(p) as [number, number];

describe('the Reptile update against a hand computation', () => {
  beforeAll(() => useBackend('cpu'));

  for (const execution of ['batched', 'per-task'] as const) {
    it(`serial (one task) and batched (three tasks) whole-set steps, ${execution}`, () => {
      for (const tasks of [1, 3]) {
        const learner = reptile({ model: linear, innerSteps: 3, innerLr: 0.05, outerStepSize: 0.3, execution });
        const state = learner.init(makeKey(tasks));
        const theta = wb(state.theta);
        const batch = sineBatch(makeKey(10 + tasks), tasks, 6);
        const all = [0, 1, 2, 3, 4, 5];
        const want = handReptile(theta, batch, 0.05, 0.3, () => [all, all, all]);
        const { state: next, metrics } = learner.metaStep(state, batch);
        const got = wb(next.theta);
        expect(got[0]).toBeCloseTo(want[0], 5);
        expect(got[1]).toBeCloseTo(want[1], 5);
        expect(metrics.stepSize).toBe(0.3);
        expect(next.step).toBe(1);
        learner.disposeState(next);
        disposeBatch(batch);
      }
    });
  }

  it('minibatch steps take the planned rows of each task, and the step size anneals linearly with the step', () => {
    const learner = reptile({ model: linear, innerSteps: 4, innerLr: 0.05, innerBatch: 3, outerStepSize: 0.5, annealSteps: 4 });
    let state = learner.init(makeKey(3));
    for (let s = 0; s < 4; s++) {
      const batch = sineBatch(makeKey(20 + s), 2, 5);
      const theta = wb(state.theta);
      const plan = minibatchPlan(foldIn(state.key, state.step), 2, 5, 3, 4);
      // Four steps of 3 rows over 5 examples run into a second permutation.
      expect(new Set(plan.slice(0, 2).flatMap((step) => Array.from(step[0])).slice(0, 5)).size).toBe(5);
      const eps = 0.5 * (1 - s / 4);
      const want = handReptile(theta, batch, 0.05, eps, (t) => plan.map((step) => Array.from(step[t])));
      const out = learner.metaStep(state, batch);
      expect(out.metrics.stepSize).toBeCloseTo(eps, 12);
      const got = wb(out.state.theta);
      expect(got[0]).toBeCloseTo(want[0], 5);
      expect(got[1]).toBeCloseTo(want[1], 5);
      state = out.state;
      disposeBatch(batch);
    }
    // At the end of the schedule the step size is 0: theta no longer moves.
    const batch = sineBatch(makeKey(30), 2, 5);
    const before = bits(state.theta);
    const last = learner.metaStep(state, batch);
    expect(last.metrics.stepSize).toBe(0);
    expect(bits(last.state.theta)).toEqual(before);
    learner.disposeState(last.state);
    disposeBatch(batch);
  });

  it('the task-batched path gives the per-task path numerically (SGD and Adam, minibatches)', () => {
    const model = nn.mlp([1, 8, 8, 1], { activation: 'tanh' });
    for (const innerOptimizer of ['sgd', 'adam'] as const) {
      const common = { model, innerSteps: 3, innerLr: 0.02, innerBatch: 4, innerOptimizer, outerStepSize: 0.2 };
      const batched = reptile({ ...common, execution: 'batched' });
      const perTask = reptile({ ...common, execution: 'per-task' });
      let a = batched.init(makeKey(5));
      let b = perTask.init(makeKey(5));
      expect(batched.isBatched(a)).toBe(true);
      expect(perTask.isBatched(b)).toBe(false);
      for (let s = 0; s < 3; s++) {
        const batch = sineBatch(makeKey(40 + s), 4, 6);
        const ra = batched.metaStep(a, batch);
        const rb = perTask.metaStep(b, batch);
        expect(ra.metrics.loss).toBeCloseTo(rb.metrics.loss, 4);
        expect(ra.metrics.innerLoss).toBeCloseTo(rb.metrics.innerLoss, 4);
        a = ra.state;
        b = rb.state;
        disposeBatch(batch);
      }
      const va = flatValues(a.theta);
      const vb = flatValues(b.theta);
      const maxDiff = Math.max(...va.map((v, i) => Math.abs(v - vb[i])));
      expect(maxDiff).toBeLessThan(1e-5);
      // And it moved: the comparison is not between two untouched initialisations.
      const init = tf.tidy(() => flatValues(model.init(makeKey(5))));
      expect(Math.max(...va.map((v, i) => Math.abs(v - init[i])))).toBeGreaterThan(1e-3);
      batched.disposeState(a);
      perTask.disposeState(b);
    }
  });
});
