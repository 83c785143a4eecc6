import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { countParams, fromLeaves, isTensor, leaves } from './tree';
import type { Params } from './types';

/**
 * All leaves as one 1-D float32 vector, in canonical leaf order (differentiable: a reshape per
 * leaf and one concat). Integer leaves are cast to float32.
 */
export function flattenParams(p: Params): Tensor1D {
  const parts = leaves(p).map(([, t]) => {
    const flat = t.rank === 1 ? t : tf.reshape(t, [-1]);
    return flat.dtype === 'float32' ? flat : tf.cast(flat, 'float32');
  });
  if (parts.length === 0) return tf.tensor1d([], 'float32');
  return (parts.length === 1 ? parts[0] : tf.concat(parts)) as Tensor1D;
}

/**
 * The inverse of {@link flattenParams}: cuts `vector` into leaves shaped like `like` (whose
 * values are not read). A tensor input stays differentiable (one split, a reshape per leaf).
 */
export function unflattenParams(vector: Tensor | Float32Array, like: Params): Params {
  const shapes = leaves(like);
  const total = countParams(like);
  const length = isTensor(vector) ? vector.size : vector.length;
  if (isTensor(vector) && vector.rank !== 1) {
    throw new MetatuneError('SHAPE_MISMATCH', `unflattenParams needs a 1-D vector, got shape [${vector.shape.join(',')}]`, {
      hint: 'pass the output of flattenParams, or reshape the tensor to [-1] first',
    });
  }
  if (length !== total) {
    throw new MetatuneError('SHAPE_MISMATCH', `a vector of length ${length} cannot fill params with ${total} entries`, {
      hint: 'the vector must come from flattenParams of a tree with the same shapes (compare shapesOf)',
    });
  }
  if (!isTensor(vector)) {
    let offset = 0;
    return fromLeaves(
      shapes.map(([path, t]) => {
        const leaf = tf.tensor(vector.slice(offset, offset + t.size), t.shape, 'float32');
        offset += t.size;
        return [path, leaf] as const;
      }),
    );
  }
  if (shapes.length === 0) return {};
  const pieces = shapes.length === 1 ? [vector] : tf.split(vector, shapes.map(([, t]) => t.size));
  return fromLeaves(shapes.map(([path, t], i) => [path, t.rank === 1 ? pieces[i] : tf.reshape(pieces[i], t.shape)] as const));
}
