import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { TEST_BACKENDS, useBackend } from './backends';

describe.each(TEST_BACKENDS)('%s backend', (backend) => {
  it('initialises and computes a matmul', async () => {
    await useBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await y.data())).toEqual([11]);
  });
});
