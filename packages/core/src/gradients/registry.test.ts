import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../testing/backends';
import './index';
import { listGradientOverrides, withStockGradients } from './registry';

describe('gradient override registry', () => {
  beforeAll(() => useBackend('cpu'));
  const d2 = () => tf.grad(tf.grad((x: tf.Tensor) => tf.mul(x, tf.exp(x))))(tf.scalar(0.5)).dataSync()[0]!;

  it('lists every override with the reason stock tfjs is not enough', () => {
    const names = listGradientOverrides().map((o) => o.kernelName);
    for (const k of ['Exp', 'Tanh', 'Sigmoid', 'Softmax', 'Conv2D', 'Conv2DBackpropFilter', 'MaxPool', 'MaxPoolGrad', 'AvgPoolGrad', 'Greater']) {
      expect(names).toContain(k);
    }
    expect(listGradientOverrides().every((o) => o.reason.length > 20)).toBe(true);
    expect(listGradientOverrides().find((o) => o.kernelName === 'Conv2DBackpropFilter')!.stock).toBeUndefined();
  });

  it('withStockGradients swaps the stock set in and restores the overrides, also after a throw', () => {
    expect(d2()).toBeCloseTo(2.5 * Math.exp(0.5), 4);
    expect(withStockGradients(d2)).toBeCloseTo(3.2974, 3); // the stock bug, reproduced
    expect(() => withStockGradients(() => tf.grad(tf.grad((x: tf.Tensor) => tf.elu(x)))(tf.scalar(-0.5)))).toThrow();
    expect(d2()).toBeCloseTo(2.5 * Math.exp(0.5), 4);
    // Kernels tfjs has no gradient for are unregistered again inside, and registered after.
    expect(withStockGradients(() => tf.getGradient('Greater'))).toBeFalsy();
    expect(tf.getGradient('Greater')).toBeTruthy();
  });
});
