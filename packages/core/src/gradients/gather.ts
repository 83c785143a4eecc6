/**
 * GatherV2 (tf.gather) gradient built on scatterND.
 *
 * Why: the stock gradient uses unsortedSegmentSum, which the wasm backend does not implement
 * (first-order gradients of tf.gather threw there), and it returns the int32 indices themselves
 * as the "gradient" of the indices, which throws whenever the indices were computed from x.
 * scatterND and gatherND are each other's gradient (pool.ts), so this is closed to any order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { overrideGradient } from './registry';

const stock = tf.getGradient('GatherV2');

overrideGradient(
  {
    kernelName: 'GatherV2',
    inputsToSave: ['x', 'indices'],
    gradFunc: (dyIn, saved, attrs) => {
      const [x, indices] = saved as [tf.Tensor, tf.Tensor];
      const { axis, batchDims } = attrs as unknown as { axis: number; batchDims: number };
      if (batchDims !== 0 && stock) return stock.gradFunc(dyIn, saved, attrs);
      const dy = dyIn as tf.Tensor;
      const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
      const outer = x.shape.slice(0, ax);
      const inner = x.shape.slice(ax + 1);
      const iRank = indices.rank;
      const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
      return {
        x: () => {
          // dy: [...outer, ...indices, ...inner] → [...indices, ...outer, ...inner] → [n, ...outer, ...inner]
          const perm = [...range(ax, ax + iRank), ...range(0, ax), ...range(ax + iRank, dy.rank)];
          const rows = tf.reshape(tf.transpose(dy, perm), [indices.size, ...outer, ...inner]);
          const summed = tf.scatterND(tf.reshape(indices, [indices.size, 1]), rows, [x.shape[ax]!, ...outer, ...inner]);
          // [A, ...outer, ...inner] → [...outer, A, ...inner]
          return ax === 0 ? summed : tf.transpose(summed, [...range(1, ax + 1), 0, ...range(ax + 1, x.rank)]);
        },
        indices: () => tf.zeros(indices.shape, 'float32'),
      };
    },
  },
  'stock gradient needs unsortedSegmentSum (no wasm kernel) and returns int32 indices as a gradient',
);
