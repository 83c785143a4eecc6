import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import { MetatuneError } from '../errors';
import { TEST_BACKENDS, useBackend } from '../testing/backends';
import { accuracy, accuracyBatched, softmaxCrossEntropy, softmaxCrossEntropyBatched } from './classification';
import { mse, mseBatched } from './regression';


const arr = (t: tf.Tensor): number[] => Array.from(t.dataSync());

/** Cross-entropy of one row in float64, the textbook way with a max shift. */
function crossEntropy64(row: number[], label: number): number {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[label];
}

function softmax64(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

describe.each(TEST_BACKENDS)('losses (%s)', (backend) => {
  beforeAll(() => useBackend(backend));

  it('mse is the mean of squared differences; mseBatched is per task', () => {
    expect(mse(tf.tensor2d([[1], [2]]), tf.tensor2d([[0], [4]])).dataSync()[0]).toBeCloseTo((1 + 4) / 2, 6);
    const pred = tf.tensor3d([[[1], [2]], [[0], [0]]]);
    const target = tf.tensor3d([[[1], [0]], [[3], [1]]]);
    expect(arr(mseBatched(pred, target))).toEqual([2, 5]);
    expect(() => mse(tf.zeros([4, 1]), tf.zeros([4]))).toThrow(/\[4,1\] and targets \[4\] differ/);
  });

  it('softmax cross-entropy matches a float64 computation, stays finite for huge logits, and is per task when batched', () => {
    const logits = [[2, -1, 0.5], [0.1, 0.2, 0.3], [-3, 4, 1]];
    const labels = [0, 2, 1];
    const expected = logits.reduce((s, row, i) => s + crossEntropy64(row, labels[i]), 0) / 3;
    const got = softmaxCrossEntropy(tf.tensor2d(logits), tf.tensor1d(labels, 'int32')).dataSync()[0];
    expect(got).toBeCloseTo(expected, 6);
    // exp(1000) overflows float32; the shifted form does not.
    const huge = softmaxCrossEntropy(tf.tensor2d([[1000, 0, -1000]]), tf.tensor1d([1], 'int32')).dataSync()[0];
    expect(huge).toBeCloseTo(1000, 3);
    const batched = softmaxCrossEntropyBatched(tf.tensor3d([logits.slice(0, 2), logits.slice(1, 3)]), tf.tensor2d([[0, 2], [2, 1]], [2, 2], 'int32'));
    expect(arr(batched)[0]).toBeCloseTo((crossEntropy64(logits[0], 0) + crossEntropy64(logits[1], 2)) / 2, 6);
    expect(arr(batched)[1]).toBeCloseTo((crossEntropy64(logits[1], 2) + crossEntropy64(logits[2], 1)) / 2, 6);
  });

  it('has gradient (softmax - onehot) / N, also for huge logits', () => {
    const logits = [[2, -1, 0.5], [900, 0, 901]];
    const labels = [0, 2];
    const g = tf.grad((z: tf.Tensor) => softmaxCrossEntropy(z, tf.tensor1d(labels, 'int32')))(tf.tensor2d(logits));
    const expected = logits.flatMap((row, i) => softmax64(row).map((p, c) => (p - (c === labels[i] ? 1 : 0)) / 2));
    arr(g).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('has the Hessian (diag(p) - p p^T) / N: second order through max, exp, log', () => {
    const row = [0.3, -1.2, 2.0];
    const v = [1, -2, 0.5];
    const label = tf.tensor1d([1], 'int32');
    const hv = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.grad((y: tf.Tensor) => softmaxCrossEntropy(y, label))(z), tf.tensor2d([v]))))(tf.tensor2d([row]));
    const p = softmax64(row);
    const pv = p.reduce((s, pi, i) => s + pi * v[i], 0);
    const expected = p.map((pi, i) => pi * v[i] - pi * pv);
    arr(hv).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 5));
  });

  it('accuracy counts arg-max hits, overall and per task', () => {
    const logits = tf.tensor2d([[2, 1], [0, 3], [5, 4], [1, 2]]);
    expect(accuracy(logits, tf.tensor1d([0, 1, 1, 1], 'int32')).dataSync()[0]).toBeCloseTo(0.75, 6);
    const batched = accuracyBatched(tf.reshape(logits, [2, 2, 2]), tf.tensor2d([[0, 1], [1, 0]], [2, 2], 'int32'));
    expect(arr(batched)).toEqual([1, 0]);
  });

  it('rejects float labels and mismatched shapes with a hint', () => {
    const logits = tf.zeros([4, 3]);
    expect(() => softmaxCrossEntropy(logits, tf.zeros([4]))).toThrow(/int32/);
    expect(() => softmaxCrossEntropy(logits, tf.zeros([3], 'int32'))).toThrow(MetatuneError);
    try {
      softmaxCrossEntropyBatched(logits, tf.zeros([4], 'int32'));
    } catch (e) {
      expect((e as MetatuneError).code).toBe('SHAPE_MISMATCH');
      expect((e as MetatuneError).message).toMatch(/\[T, N, C\]/);
    }
  });
});
