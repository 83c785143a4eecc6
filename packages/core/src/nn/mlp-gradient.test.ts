import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import { grad, valueAndGrad } from '../autodiff';
import { mse, mseBatched } from '../losses/regression';
import { leaves, mapParams, zipParams } from '../params/tree';
import type { Params } from '../params/types';
import { makeKey } from '../random';
import { TEST_BACKENDS, useBackend } from '../testing/backends';
import { batchParams } from './batch';
import { mlp } from './mlp';
import { hasAnalyticMseGradient, mlpMseGradients } from './mlp-gradient';
import type { Activation } from './module';

const T = 3;
const N = 5;

function data(seed: number, batched: boolean, inputs: number, outputs: number) {
  const shape = (d: number) => (batched ? [T, N, d] : [N, d]);
  return {
    x: tf.randomNormal(shape(inputs), 0, 1.5, 'float32', seed),
    y: tf.randomNormal(shape(outputs), 0, 1, 'float32', seed + 1),
  };
}

/** The largest absolute difference between two params trees. */
function maxDiff(a: Params, b: Params): number {
  return Math.max(...leaves(zipParams(a, b, (p, q) => tf.max(tf.abs(tf.sub(p, q))))).map(([, t]) => t.dataSync()[0]));
}

/** Perturbs params so several tasks differ (a task-batched copy of shared params would hide task mix-ups). */
function perturbed(p: Params, seed: number): Params {
  return mapParams(p, (t, path) => tf.add(t, tf.randomNormal(t.shape, 0, 0.1, 'float32', seed + path.length)));
}

describe.each(TEST_BACKENDS)('mlpMseGradients (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(['relu', 'tanh', 'sigmoid'] as Activation[])('equals the taped gradient of the summed per-task MSE (%s), batched and plain', (activation) => {
    tf.tidy(() => {
      const model = mlp([2, 7, 6, 3], { activation });
      expect(hasAnalyticMseGradient(model.architecture)).toBe(true);
      const shared = model.init(makeKey(4));
      const batchedParams = perturbed(batchParams(shared, T), 11);
      const b = data(1, true, 2, 3);
      const taped = grad((p: Params) => tf.sum(mseBatched(model.apply(p, b.x), b.y)))(batchedParams);
      const analytic = mlpMseGradients(model.architecture!, batchedParams, b.x, b.y)!;
      expect(Object.keys(analytic)).toEqual(Object.keys(batchedParams));
      expect(maxDiff(taped, analytic)).toBeLessThan(1e-5);

      const p = data(3, false, 2, 3);
      const tapedPlain = grad((q: Params) => mse(model.apply(q, p.x), p.y))(shared);
      expect(maxDiff(tapedPlain, mlpMseGradients(model.architecture!, shared, p.x, p.y)!)).toBeLessThan(1e-5);
    });
  });

  it.each(['relu', 'tanh', 'sigmoid'] as Activation[])('is exact under an outer gradient: the MAML meta-gradient through it matches the doubly taped one (%s)', (activation) => {
    tf.tidy(() => {
      const model = mlp([1, 8, 8, 1], { activation });
      const theta = model.init(makeKey(7));
      const support = data(5, true, 1, 1);
      const query = data(8, true, 1, 1);
      const metaLoss = (innerGrad: (p: Params) => Params) => (th: Params) => {
        const start = batchParams(th, T);
        const g = innerGrad(start);
        const adapted = zipParams(start, g, (w, d) => tf.sub(w, tf.mul(0.3, d)));
        return tf.mean(mseBatched(model.apply(adapted, query.x), query.y));
      };
      const viaTape = valueAndGrad(metaLoss((p) => grad((q: Params) => tf.sum(mseBatched(model.apply(q, support.x), support.y)))(p)))(theta);
      const viaAnalytic = valueAndGrad(metaLoss((p) => mlpMseGradients(model.architecture!, p, support.x, support.y)!))(theta);
      expect(viaAnalytic.value.dataSync()[0]).toBeCloseTo(viaTape.value.dataSync()[0], 5);
      expect(maxDiff(viaTape.grads, viaAnalytic.grads)).toBeLessThan(2e-5);
    });
  });

  it('declines what it does not cover, so callers fall back to grad', () => {
    tf.tidy(() => {
      const elu = mlp([2, 4, 1], { activation: 'elu' });
      expect(hasAnalyticMseGradient(elu.architecture)).toBe(false);
      expect(mlpMseGradients(elu.architecture!, elu.init(makeKey(0)), tf.zeros([N, 2]), tf.zeros([N, 1]))).toBeUndefined();
      const relu = mlp([2, 4, 1]);
      // shared params with task-batched x
      expect(mlpMseGradients(relu.architecture!, relu.init(makeKey(0)), tf.zeros([T, N, 2]), tf.zeros([T, N, 1]))).toBeUndefined();
      expect(hasAnalyticMseGradient(undefined)).toBe(false);
    });
  });

  it('nn.mlp reports its architecture', () => {
    expect(mlp([1, 40, 40, 1]).architecture).toEqual({ kind: 'mlp', sizes: [1, 40, 40, 1], activation: 'relu' });
    expect(mlp([3, 2], { activation: 'tanh' }).architecture?.activation).toBe('tanh');
  });
});

describe('mlpMseGradients shape checks', () => {
  beforeAll(() => useBackend('cpu'));
  it('declines inputs or targets that do not fit the layers (model.apply then names the problem)', () => {
    tf.tidy(() => {
      const model = mlp([3, 4, 2]);
      const params = batchParams(model.init(makeKey(0)), T);
      const fits = (x: number[], y: number[]) => mlpMseGradients(model.architecture!, params, tf.zeros(x), tf.zeros(y)) !== undefined;
      expect(fits([T, N, 3], [T, N, 2])).toBe(true);
      expect(fits([T, N, 1], [T, N, 2])).toBe(false); // wrong input width
      expect(fits([T, N, 3], [T, N, 1])).toBe(false); // wrong output width
      expect(fits([T, N, 3], [T, N + 1, 2])).toBe(false); // example counts differ
      expect(fits([T + 1, N, 3], [T + 1, N, 2])).toBe(false); // task counts differ from the params
    });
  });
});
