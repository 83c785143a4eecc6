// This file imports core before anything else from tfjs: tensors must still have their op
// handler (tensor methods such as cast work), whatever the import order of an app.
import { tf, grad, losses } from './index';
import '@tensorflow/tfjs-backend-cpu';
import { expect, it } from 'vitest';

it('works when @metatune/core is the first import of an app', async () => {
  await tf.setBackend('cpu');
  const x = tf.tensor1d([1, 2, 3]);
  expect(Array.from(x.clone().dataSync())).toEqual([1, 2, 3]);
  const labels = tf.tensor1d([0, 1], 'int32');
  const logits = tf.tensor2d([[2, 0], [0, 2]]);
  expect(losses.softmaxCrossEntropy(logits, labels).dataSync()[0]).toBeCloseTo(Math.log(1 + Math.exp(-2)), 5);
  // the second derivative through relu goes through Cast's gradient
  const g2 = grad((v: tf.Tensor) => tf.sum(tf.mul(grad((u: tf.Tensor) => tf.sum(tf.mul(tf.relu(u), u)))(v), v)) as tf.Scalar);
  expect(Array.from(g2(tf.tensor1d([1, 2, -3])).dataSync())).toEqual([4, 8, 0]);
});
