import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../gradients';
import { MetatuneError } from '../errors';
import { useBackend } from '../testing/backends';
import {
  addParams,
  axpy,
  cloneParams,
  countParams,
  disposeParams,
  fromLeaves,
  leaves,
  mapParams,
  scaleParams,
  shapesOf,
  subParams,
  zipParams,
} from './tree';
import { flattenParams, unflattenParams } from './flatten';
import type { Params } from './types';

beforeAll(() => useBackend('cpu'));

const make = (): Params => ({
  layer0: { w: tf.tensor2d([[1, 2, 3]]), b: tf.tensor1d([4, 5, 6]) },
  layer1: { w: tf.tensor2d([[7], [8], [9]]), b: tf.scalar(10) },
});

function values(p: Params): Record<string, number[]> {
  return Object.fromEntries(leaves(p).map(([path, t]) => [path, Array.from(t.dataSync())]));
}

function expectCode(f: () => unknown, code: string, text: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MetatuneError);
    expect((e as MetatuneError).code).toBe(code);
    expect((e as MetatuneError).message).toMatch(text);
    expect((e as MetatuneError).hint).toBeTruthy();
    return;
  }
  throw new Error('expected a MetatuneError');
}

describe('params tree utilities', () => {
  it('lists leaves depth first in insertion order with slash paths', () => {
    expect(leaves(make()).map(([p]) => p)).toEqual(['layer0/w', 'layer0/b', 'layer1/w', 'layer1/b']);
    expect(countParams(make())).toBe(3 + 3 + 3 + 1);
    expect(shapesOf(make())).toEqual({ 'layer0/w': [1, 3], 'layer0/b': [3], 'layer1/w': [3, 1], 'layer1/b': [] });
  });

  it('maps, zips, adds, subtracts, scales and axpys leafwise', () => {
    const a = make();
    expect(values(mapParams(a, (t, path) => (path === 'layer1/b' ? tf.neg(t) : t)))['layer1/b']).toEqual([-10]);
    expect(values(addParams(a, a))['layer0/b']).toEqual([8, 10, 12]);
    expect(values(subParams(a, scaleParams(a, 3)))['layer1/w']).toEqual([-14, -16, -18]);
    expect(values(scaleParams(a, tf.scalar(0.5)))['layer0/w']).toEqual([0.5, 1, 1.5]);
    expect(values(axpy(2, a, a))['layer0/b']).toEqual([12, 15, 18]);
    expect(values(zipParams(a, a, (x, y, path) => (path.endsWith('w') ? tf.mul(x, y) : x)))['layer1/w']).toEqual([49, 64, 81]);
  });

  it('rejects trees of different structure or shapes with SHAPE_MISMATCH naming the leaf', () => {
    const a = make();
    expectCode(() => addParams(a, { layer0: a.layer0 }), 'SHAPE_MISMATCH', /layer1/);
    expectCode(() => addParams(a, { ...a, layer1: { w: tf.zeros([3, 2]), b: tf.scalar(0) } }), 'SHAPE_MISMATCH', /layer1\/w.*\[3,1\].*\[3,2\]/);
    expectCode(() => zipParams(a, { ...a, layer1: tf.scalar(1) }, (x) => x), 'SHAPE_MISMATCH', /layer1/);
    expectCode(() => leaves({ a: [1, 2] } as unknown as Params), 'INVALID_PARAMS', /'a' is an array/);
    expectCode(() => leaves({ 'a/b': tf.scalar(1) }), 'INVALID_PARAMS', /not allowed/);
    expectCode(() => fromLeaves([['a', tf.scalar(1)], ['a/b', tf.scalar(2)]]), 'INVALID_PARAMS', /collides/);
    expectCode(() => scaleParams(a, NaN), 'NON_FINITE', /scale/);
  });

  it('flattens to one float32 vector and back, also differentiably', () => {
    const a = make();
    const flat = flattenParams(a);
    expect(flat.dtype).toBe('float32');
    expect(Array.from(flat.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(values(unflattenParams(flat, a))).toEqual(values(a));
    expect(values(unflattenParams(new Float32Array(flat.dataSync()), a))).toEqual(values(a));
    // d/dv sum(unflatten(v).layer0.b * 2) = 2 on the entries of layer0/b, 0 elsewhere.
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul((unflattenParams(v, a).layer0 as Params).b as tf.Tensor, 2)))(flat);
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 2, 2, 2, 0, 0, 0, 0]);
    expectCode(() => unflattenParams(tf.zeros([9]), a), 'SHAPE_MISMATCH', /length 9.*10 entries/);
  });

  it('clones survive tidy, dispose frees every leaf', () => {
    const a = make();
    const before = tf.memory().numTensors;
    const copy = tf.tidy(() => cloneParams(a));
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(values(copy)).toEqual(values(a));
    disposeParams(copy);
    expect(tf.memory().numTensors).toBe(before);
  });
});
