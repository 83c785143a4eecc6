/**
 * End to end: second-order MAML meta-gradients computed on the wasm backend with every metatune
 * kernel installed equal the cpu backend's (whose meta-gradients @metatune/core checks against
 * finite differences). One task-batched MLP (batched matmuls, middle-axis sums) and one conv net
 * with batch norm and max pooling (conv input and filter gradients, leading-axis sums).
 */
import * as tf from '@tensorflow/tfjs-core';
import { grad } from '@metatune/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init';
import { computeOn, deterministicTensor, maxAbsDifference } from './testing/compare';

const t = deterministicTensor;

/** The meta-gradient of the post-adaptation query loss after one SGD step on the support loss. */
function metaGradient(loss: (w: tf.Tensor[], x: tf.Tensor, y: tf.Tensor) => tf.Scalar, weights: tf.Tensor[], support: [tf.Tensor, tf.Tensor], query: [tf.Tensor, tf.Tensor]): tf.Tensor {
  const meta = (...w: tf.Tensor[]) => {
    const g = w.map((_, i) => grad((wi: tf.Tensor) => loss(w.map((v, j) => (j === i ? wi : v)), support[0], support[1]))(w[i]!));
    return loss(
      w.map((v, i) => tf.sub(v, tf.mul(g[i]!, 0.1))),
      query[0],
      query[1],
    );
  };
  const grads = weights.map((_, i) => grad((wi: tf.Tensor) => meta(...weights.map((v, j) => (j === i ? wi : v))))(weights[i]!));
  return tf.concat(grads.map((g) => tf.reshape(g, [-1])));
}

// A 6-task batched MLP 1-8-8-1 (tanh): batched matmuls and sums over the points axis.
function mlpCase(): tf.Tensor {
  const w = [t([6, 1, 8], 1), t([6, 1, 8], 2, 0.3), t([6, 8, 8], 3, 0.5), t([6, 1, 8], 4, 0.3), t([6, 8, 1], 5, 0.5)];
  const loss = ([w1, b1, w2, b2, w3]: tf.Tensor[], x: tf.Tensor, y: tf.Tensor) => {
    const h1 = tf.tanh(tf.add(tf.matMul(x, w1!), b1!));
    const h2 = tf.tanh(tf.add(tf.matMul(h1, w2!), b2!));
    return tf.mean(tf.square(tf.sub(tf.matMul(h2, w3!), y))) as tf.Scalar;
  };
  const x = t([6, 10, 1], 6, 3);
  return metaGradient(loss, w, [x, tf.sin(x)], [t([6, 10, 1], 7, 3), tf.sin(t([6, 10, 1], 7, 3))]);
}

// Two conv blocks (3x3 same, batch norm over the batch, relu, 2x2 max pool), dense head, MSE.
function convCase(): tf.Tensor {
  const w = [t([3, 3, 1, 4], 10, 0.6), t([3, 3, 4, 4], 11, 0.4), t([16, 2], 12, 0.5)];
  const loss = ([c1, c2, head]: tf.Tensor[], x: tf.Tensor, y: tf.Tensor) => {
    let h = x as tf.Tensor4D;
    for (const filter of [c1!, c2!]) {
      const c = tf.conv2d(h, filter as tf.Tensor4D, 1, 'same');
      const { mean, variance } = tf.moments(c, [0, 1, 2], true);
      h = tf.maxPool(tf.relu(tf.div(tf.sub(c, mean), tf.sqrt(tf.add(variance, 1e-3)))) as tf.Tensor4D, 2, 2, 'valid');
    }
    return tf.mean(tf.square(tf.sub(tf.matMul(tf.reshape(h, [h.shape[0], 16]), head!), y))) as tf.Scalar;
  };
  return metaGradient(loss, w, [t([5, 8, 8, 1], 13), t([5, 2], 14)], [t([5, 8, 8, 1], 15), t([5, 2], 16)]);
}

async function onBothBackends(make: () => tf.Tensor): Promise<{ cpu: Float32Array; wasm: Float32Array }> {
  return { cpu: (await computeOn('cpu', make)).data, wasm: (await computeOn('wasm', make)).data };
}

describe("second-order meta-gradients on wasm with metatune's kernels", () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, make] of [['a task-batched MLP', mlpCase], ['a conv net with batch norm and max pooling', convCase]] as const) {
    it(`equal the cpu backend's for ${name}`, async () => {
      const { cpu, wasm } = await onBothBackends(make);
      expect(wasm.length).toBe(cpu.length);
      const worst = maxAbsDifference(cpu, wasm);
      const scale = maxAbsDifference(cpu, new Float32Array(cpu.length));
      expect(scale).toBeGreaterThan(1e-3);
      expect(worst).toBeLessThan(1e-3 * scale);
    });
  }
});
