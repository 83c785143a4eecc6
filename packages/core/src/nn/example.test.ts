// The runnable example of the core README (second-order MAML on sine regression, all tasks of a
// meta-batch in one graph), kept here so that it cannot rot. Imports go through core's index,
// as a user's would through '@metatune/core'.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Params, disposeParams, grad, losses, makeKey, nn, optim, random, split, tf, valueAndGrad } from '../index';
import { useBackend } from '../testing/backends';

beforeAll(() => useBackend('cpu'));

/** T sine tasks y = A sin(x - phi) with K support and K query points each, as [T, K, 1] tensors. */
function sineTasks(key: ReturnType<typeof makeKey>, T: number, K: number) {
  const [ka, kp, kx] = split(key, 3);
  const amp = random.uniform(ka, T, 0.1, 5);
  const phase = random.uniform(kp, T, 0, Math.PI);
  const x = random.uniform(kx, T * 2 * K, -5, 5);
  const y = x.map((v, i) => amp[Math.floor(i / (2 * K))] * Math.sin(v - phase[Math.floor(i / (2 * K))]));
  const both = (a: Float64Array) => tf.tensor3d(Float32Array.from(a), [T, 2 * K, 1]);
  const [xs, xq] = tf.split(both(x), 2, 1);
  const [ys, yq] = tf.split(both(y), 2, 1);
  return { xs, ys, xq, yq };
}

describe('README example', () => {
  it('meta-trains a sine MLP with second-order MAML and lowers the post-adaptation loss', () => {
    const model = nn.mlp([1, 40, 40, 1], { activation: 'tanh' }); // PyTorch's default init
    const inner = optim.sgd({ lr: 0.01 });
    const outer = optim.adam({ lr: 0.01 });
    let params = model.init(makeKey(0));
    let state = outer.init(params);

    // Query loss after one inner SGD step, for all T tasks at once (one batched matmul per layer).
    const metaLoss = (tasks: ReturnType<typeof sineTasks>) => (p: Params) => {
      const T = tasks.xs.shape[0];
      const start = nn.batchParams(p, T); // [T, ...] copies; gradients flow back to p
      const supportLoss = (q: Params) => tf.sum(losses.mseBatched(model.apply(q, tasks.xs), tasks.ys));
      const adapted = optim.applyUpdates(start, inner.update(grad(supportLoss)(start), {}).updates);
      return tf.mean(losses.mseBatched(model.apply(adapted, tasks.xq), tasks.yq));
    };

    const evalTasks = sineTasks(makeKey(123), 100, 10);
    const before = tf.tidy(() => metaLoss(evalTasks)(params).dataSync()[0]);
    let key = makeKey(1);
    for (let step = 0; step < 40; step++) {
      const [next, taskKey] = split(key);
      key = next;
      const result = tf.tidy(() => {
        const { grads } = valueAndGrad(metaLoss(sineTasks(taskKey, 10, 10)))(params);
        const { updates, state: newState } = outer.update(grads, state);
        return { params: optim.applyUpdates(params, updates), state: newState };
      });
      disposeParams(params);
      disposeParams(state);
      params = result.params;
      state = result.state;
    }
    const after = tf.tidy(() => metaLoss(evalTasks)(params).dataSync()[0]);
    expect(after).toBeLessThan(0.85 * before);
  });
});
