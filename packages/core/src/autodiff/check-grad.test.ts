import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetatuneError } from '../errors';
import '../gradients';
import { withStockGradients } from '../gradients/registry';
import { TEST_BACKENDS, useBackend } from '../testing/backends';
import { checkGrad } from './check-grad';

describe.each(TEST_BACKENDS)('checkGrad on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const f = (x: tf.Tensor) => tf.sum(tf.mul(x, tf.exp(tf.tanh(x))));
  const x = () => tf.tensor1d([0.5, -0.2, 0.9, -1.1]);

  it('passes for a correct gradient and Hessian-vector product', () => {
    const report = checkGrad(f, x(), { order: 2, directions: 2 });
    expect(report.ok).toBe(true);
    expect(report.entries.map((e) => e.kind)).toEqual(['grad', 'hvp', 'grad', 'hvp']);
    expect(report.maxRelError).toBeLessThan(1e-2);
  });

  it("catches stock tfjs's wrong second derivative of exp in a composition", () => {
    const report = withStockGradients(() => checkGrad(f, x(), { order: 2, directions: 1 }));
    expect(report.entries[0]!.ok).toBe(true); // first order is right in stock tfjs
    expect(report.entries[1]!.ok).toBe(false); // the hvp is not
    expect(report.ok).toBe(false);
  });

  it('catches a wrong custom gradient', () => {
    const wrong = tf.customGrad((t, save) => {
      (save as tf.GradSaveFunc)([t as tf.Tensor]);
      return { value: tf.square(t as tf.Tensor), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.mul(saved[0]!, 3)) };
    });
    const report = checkGrad((y) => tf.sum(wrong(y) as tf.Tensor), x());
    expect(report.ok).toBe(false);
    expect(report.maxRelError).toBeGreaterThan(0.3);
  });

  it('throws NON_FINITE naming the problem and the fix', () => {
    const err = (() => {
      try {
        checkGrad((y) => tf.sum(tf.log(y)), tf.tensor1d([1, -1]));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(MetatuneError);
    expect((err as MetatuneError).code).toBe('NON_FINITE');
    expect((err as MetatuneError).message).toMatch(/f\(x\) is NaN/);
    expect((err as MetatuneError).hint).toMatch(/domain/);
    expect(() => checkGrad(f, tf.tensor1d([1, Number.NaN]))).toThrow(/x is NaN at element 1.*finite/);
    expect(() => checkGrad(f, x(), { eps: 0 })).toThrow(/invalid options/);
  });
});
