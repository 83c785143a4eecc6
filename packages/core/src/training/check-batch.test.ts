import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { MetatuneError } from '../errors';
import type { TaskBatch } from '../contracts/task';
import { checkTaskBatch } from './check-batch';

function batch(shapes: { sx: number[]; sy: number[]; qx: number[]; qy: number[] }, size: number): TaskBatch {
  return { support: { x: tf.zeros(shapes.sx), y: tf.zeros(shapes.sy) }, query: { x: tf.zeros(shapes.qx), y: tf.zeros(shapes.qy) }, size };
}

function failure(b: TaskBatch): MetatuneError {
  try {
    checkTaskBatch(b, 'learner');
  } catch (error) {
    expect(error).toBeInstanceOf(MetatuneError);
    return error as MetatuneError;
  }
  throw new Error('expected checkTaskBatch to throw');
}

describe('checkTaskBatch', () => {
  const good = { sx: [4, 5, 1], sy: [4, 5, 1], qx: [4, 7, 1], qy: [4, 7, 1] };

  it('accepts a consistent batch', () => {
    expect(() => checkTaskBatch(batch(good, 4), 'learner')).not.toThrow();
  });

  it('names the tensor and the fix for each inconsistency', () => {
    expect(failure(batch({ ...good, qx: [3, 7, 1] }, 4)).message).toMatch(/learner: query.x holds 3 tasks but the batch says size 4/);
    expect(failure(batch({ ...good, sy: [4, 6, 1] }, 4)).message).toMatch(/support.x has 5 examples per task but support.y has 6/);
    const flat = failure(batch({ ...good, sx: [5] }, 4));
    expect(flat.code).toBe('SHAPE_MISMATCH');
    expect(flat.hint).toMatch(/distribution.sampleBatch/);
    expect(failure(batch({ sx: [4, 0, 1], sy: [4, 0, 1], qx: [4, 7, 1], qy: [4, 7, 1] }, 4)).message).toMatch(/empty support set/);
    expect(failure({ size: 1 } as unknown as TaskBatch).message).toMatch(/lacks support.x/);
  });
});
