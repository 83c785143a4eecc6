import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetatuneError } from '../errors';
import '../gradients';
import type { Params } from '../params/types';
import { TEST_BACKENDS, useBackend } from '../testing/backends';
import { grad, valueAndGrad, valueAndGradWithAux } from './grad';
import { stopGradient } from './stop-gradient';

const num = (t: tf.Tensor): number => t.dataSync()[0]!;

describe.each(TEST_BACKENDS)('grad on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('second derivative of x·exp(x) at 0.5 is (x+2)eˣ = 4.1218 (stock tfjs: 3.2974)', () => {
    const f = (x: tf.Tensor) => tf.mul(x, tf.exp(x));
    const d2 = grad((x: tf.Tensor) => grad(f)(x))(tf.scalar(0.5));
    expect(num(d2)).toBeCloseTo(2.5 * Math.exp(0.5), 4);
    const d3 = grad((x: tf.Tensor) => grad((y: tf.Tensor) => grad(f)(y))(x))(tf.scalar(0.5));
    expect(num(d3)).toBeCloseTo(3.5 * Math.exp(0.5), 4);
  });

  it('tanh: second and third derivatives match the closed forms', () => {
    const t = Math.tanh(0.3);
    const d2 = grad((x: tf.Tensor) => grad((y: tf.Tensor) => tf.tanh(y))(x))(tf.scalar(0.3));
    expect(num(d2)).toBeCloseTo(-2 * t * (1 - t * t), 5);
    const d3 = grad((x: tf.Tensor) => grad((y: tf.Tensor) => grad((z: tf.Tensor) => tf.tanh(z))(y))(x))(tf.scalar(0.3));
    expect(num(d3)).toBeCloseTo(-2 * (1 - t * t) * (1 - 3 * t * t), 5);
  });

  it('takes a Params tree and returns gradients of the same structure', () => {
    const p: Params = { a: tf.tensor1d([1, 2]), inner: { b: tf.scalar(3) }, unused: tf.tensor1d([5, 6, 7]) };
    const f = (q: Params) => tf.mul(tf.sum(tf.square(q.a as tf.Tensor)), (q.inner as Params).b as tf.Tensor);
    const { value, grads } = valueAndGrad(f)(p);
    expect(num(value)).toBeCloseTo(15, 5);
    expect(Array.from((grads.a as tf.Tensor).dataSync())).toEqual([6, 12]);
    expect(num((grads.inner as Params).b as tf.Tensor)).toBeCloseTo(5, 5);
    // A leaf the loss ignores gets zeros (like JAX), not an error.
    expect(Array.from((grads.unused as tf.Tensor).dataSync())).toEqual([0, 0, 0]);
    expect(Object.keys(grads)).toEqual(['a', 'inner', 'unused']);
  });

  it('valueAndGradWithAux passes aux tensors through, and an outer grad flows through them', () => {
    const f = (x: tf.Tensor) => ({ loss: tf.sum(tf.square(x)), aux: { doubled: tf.mul(x, 2), note: 'kept' } });
    const before = tf.memory().numTensors;
    const x = tf.tensor1d([1, -2]);
    const { value, grads, aux } = valueAndGradWithAux(f)(x);
    expect(num(value)).toBe(5);
    expect(Array.from(grads.dataSync())).toEqual([2, -4]);
    expect(Array.from(aux.doubled.dataSync())).toEqual([2, -4]);
    expect(aux.note).toBe('kept');
    tf.dispose([x, value, grads, aux.doubled]);
    expect(tf.memory().numTensors).toBe(before);
    // d/dx sum(aux³) where aux = 2x  →  24x².
    const g = grad((y: tf.Tensor) => tf.sum(tf.pow(valueAndGradWithAux(f)(y).aux.doubled, 3)))(tf.tensor1d([0.5]));
    expect(num(g)).toBeCloseTo(6, 4);
  });

  it('stopGradient is the identity forward and blocks every order of gradient', () => {
    const x = tf.scalar(1.5);
    expect(num(stopGradient(x))).toBe(1.5);
    const f = (y: tf.Tensor) => tf.mul(tf.square(y), stopGradient(tf.square(y)));
    expect(num(grad(f)(x))).toBeCloseTo(2 * 1.5 * 2.25, 5);
    expect(num(grad((y: tf.Tensor) => grad(f)(y))(x))).toBeCloseTo(2 * 2.25, 4);
  });

  it('throws MetatuneError with a hint on a non-scalar output, an int leaf or an empty tree', () => {
    const nonScalar = () => grad((x: tf.Tensor) => tf.mul(x, 2))(tf.tensor1d([1, 2]));
    expect(nonScalar).toThrow(MetatuneError);
    expect(nonScalar).toThrow(/must return a scalar tensor.*reduce/);
    expect(() => grad((x: tf.Tensor) => tf.sum(x))(tf.tensor1d([1], 'int32'))).toThrow(/dtype int32/);
    expect(() => grad((_p: Params) => tf.scalar(1))({})).toThrow(/nothing to differentiate/);
  });
});
