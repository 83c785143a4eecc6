import { makeKey, nn, tf } from '@metatune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../core/src/testing/backends';
import { reptile } from './learner';
import { detectMlp } from './mlp-fast-path';
import { disposeBatch, flatValues, sineBatch } from './test-helpers';

describe('the hand-written MLP inner loop', () => {
  beforeAll(() => useBackend('cpu'));

  it('recognises plain MLPs by their output and nothing else', () => {
    for (const activation of ['relu', 'tanh', 'sigmoid'] as const) {
      const model = nn.mlp([2, 6, 5, 3], { activation });
      const theta = model.init(makeKey(1));
      expect(detectMlp(model, theta)).toEqual({ layers: 3, activation });
      tf.dispose(flatTensors(theta));
    }
    for (const activation of ['leakyRelu', 'elu'] as const) {
      const model = nn.mlp([1, 8, 1], { activation });
      const theta = model.init(makeKey(1));
      expect(detectMlp(model, theta)).toBeUndefined();
      tf.dispose(flatTensors(theta));
    }
    // Same params layout, another function: a residual-free MLP with doubled output is not taken.
    const base = nn.mlp([1, 8, 1]);
    const doubled = { init: base.init, apply: (p: Parameters<typeof base.apply>[0], x: tf.Tensor) => tf.mul(base.apply(p, x), 2) };
    const theta = base.init(makeKey(2));
    expect(detectMlp(doubled, theta)).toBeUndefined();
    tf.dispose(flatTensors(theta));
    const conv = nn.conv4({ outputs: 2, filters: 2, imageSize: 16 });
    const convTheta = conv.init(makeKey(0));
    expect(detectMlp(conv, convTheta)).toBeUndefined();
    tf.dispose(flatTensors(convTheta));
  });

  it('gives the generic task-batched path numerically (relu and tanh, SGD and Adam, minibatches)', () => {
    for (const activation of ['relu', 'tanh'] as const) {
      for (const innerOptimizer of ['sgd', 'adam'] as const) {
        const model = nn.mlp([1, 16, 16, 1], { activation });
        const common = { model, innerSteps: 4, innerLr: 0.02, innerBatch: 5, innerOptimizer, outerStepSize: 0.5, execution: 'batched' as const };
        const fast = reptile(common);
        const generic = reptile({ ...common, fastPath: false });
        let a = fast.init(makeKey(9));
        let b = generic.init(makeKey(9));
        expect(fast.fastPath(a)).toEqual({ layers: 3, activation });
        expect(generic.fastPath(b)).toBeUndefined();
        for (let s = 0; s < 3; s++) {
          const batch = sineBatch(makeKey(60 + s), 3, 8);
          const ra = fast.metaStep(a, batch);
          const rb = generic.metaStep(b, batch);
          expect(ra.metrics.loss).toBeCloseTo(rb.metrics.loss, 4);
          expect(ra.metrics.innerLoss).toBeCloseTo(rb.metrics.innerLoss, 4);
          a = ra.state;
          b = rb.state;
          disposeBatch(batch);
        }
        const va = flatValues(a.theta);
        const vb = flatValues(b.theta);
        expect(Math.max(...va.map((v, i) => Math.abs(v - vb[i])))).toBeLessThan(2e-5);
        fast.disposeState(a);
        generic.disposeState(b);
      }
    }
  });
});

function flatTensors(p: object): tf.Tensor[] {
  return Object.values(p).flatMap((v) => (typeof (v as tf.Tensor).dataSync === 'function' ? [v as tf.Tensor] : flatTensors(v as object)));
}
