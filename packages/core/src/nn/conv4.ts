import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { type Key, split } from '../random';
import { mapParams } from '../params/tree';
import type { Params } from '../params/types';
import { denseApply, denseInit } from './dense';
import { assertInitScheme, initBias, initWeight, type InitScheme } from './init';
import { leaf, type Module, positiveInt, subtree } from './module';

/** Normalisation after each convolution of {@link conv4}. */
export type Conv4Norm = 'batch' | 'layer' | 'none';

/** Options of {@link conv4}. */
export interface Conv4Options {
  /** Number of classes (size of the linear head). */
  outputs: number;
  /** Input channels (default 1, Omniglot). */
  inChannels?: number;
  /** Filters per block (default 64; MAML's MiniImagenet model uses 32). */
  filters?: number;
  /** Normalisation (default `'batch'`, with batch statistics always, as in the MAML paper). */
  norm?: Conv4Norm;
  /** Input height and width (default 28). */
  imageSize?: number;
  /** 2x2 max-pool after each block (default true); false uses stride-2 convolutions instead (MAML's Omniglot variant). */
  maxPool?: boolean;
  /** Initialisation scheme (default `'glorot'`, as MAML's code uses for its convolutions). */
  init?: InitScheme;
}

const BLOCKS = 4;
const KERNEL = 3;
/** Variance epsilon of the norms (PyTorch's and tf.layers' default). */
const NORM_EPSILON = 1e-5;

/** Spatial size after the four blocks: 'valid' 2x2 pooling floors, 'same' stride-2 convs ceil. */
export function conv4FeatureSize(imageSize: number, maxPool: boolean): number {
  let s = imageSize;
  for (let i = 0; i < BLOCKS; i++) s = maxPool ? Math.floor(s / 2) : Math.ceil(s / 2);
  return s;
}

function normalize(h: Tensor4D, block: Params, norm: Conv4Norm): Tensor4D {
  if (norm === 'none') return h;
  // Batch norm: statistics over examples and pixels per channel; layer norm: over one example.
  const axes = norm === 'batch' ? [0, 1, 2] : [1, 2, 3];
  const mean = tf.mean(h, axes, true);
  const centered = tf.sub(h, mean);
  const variance = tf.mean(tf.square(centered), axes, true);
  const xhat = tf.mul(centered, tf.rsqrt(tf.add(variance, NORM_EPSILON)));
  return tf.add(tf.mul(xhat, leaf(block, 'scale', 'conv4')), leaf(block, 'offset', 'conv4')) as Tensor4D;
}

/**
 * The four-block CNN of the MAML paper (Finn et al. 2017, after Vinyals et al. 2016): each block
 * is a 3x3 'same' convolution with `filters` filters, a norm, ReLU and a 2x2 max-pool (stride 2);
 * then a linear head. 28x28 inputs end as 1x1x64 features. Params:
 * `{ block0: { w: [3,3,cin,f], b: [f], scale: [f], offset: [f] }, ..., head: { w: [features, outputs], b } }`
 * (no `scale`/`offset` with `norm: 'none'`).
 *
 * Inputs are `[N, H, W, C]` (or flat `[N, H*W*C]`); with a task axis `[T, N, H, W, C]` (or
 * `[T, N, H*W*C]`) and params shared or carrying `[T, ...]`, it loops over the tasks (the norm
 * statistics are per task) and stacks the `[T, N, outputs]` result.
 */
export function conv4(options: Conv4Options): Module {
  const outputs = positiveInt(options?.outputs, 'outputs');
  const inChannels = positiveInt(options.inChannels ?? 1, 'inChannels');
  const filters = positiveInt(options.filters ?? 64, 'filters');
  const imageSize = positiveInt(options.imageSize ?? 28, 'imageSize');
  const maxPool = options.maxPool ?? true;
  const norm = options.norm ?? 'batch';
  if (!['batch', 'layer', 'none'].includes(norm)) {
    throw new MetatuneError('INVALID_OPTIONS', `unknown conv4 norm ${JSON.stringify(norm)}`, { hint: "use 'batch', 'layer' or 'none'" });
  }
  const init = assertInitScheme(options.init ?? 'glorot');
  const side = conv4FeatureSize(imageSize, maxPool);
  if (side < 1) {
    throw new MetatuneError('INVALID_OPTIONS', `imageSize ${imageSize} is too small for four 2x downsamplings`, { hint: 'use images of at least 16x16' });
  }
  const features = side * side * filters;
  const pixels = imageSize * imageSize * inChannels;

  // One task's body: the four blocks, flattened to [N, features].
  const featuresOne = (params: Params, x: Tensor): Tensor => {
    let h = (x.rank === 2 ? tf.reshape(x, [x.shape[0], imageSize, imageSize, inChannels]) : x) as Tensor4D;
    for (let i = 0; i < BLOCKS; i++) {
      const block = subtree(params, `block${i}`, 'conv4');
      const w = leaf(block, 'w', 'conv4') as Tensor4D;
      if (w.rank !== 4) {
        throw new MetatuneError('SHAPE_MISMATCH', `conv4: block${i}/w has shape [${w.shape.join(',')}], expected [3,3,in,filters]`, {
          hint: 'pass params from conv4(...).init, or nn.batchParams of them with x carrying the same task axis',
        });
      }
      h = tf.add(tf.conv2d(h, w, maxPool ? 1 : 2, 'same'), leaf(block, 'b', 'conv4')) as Tensor4D;
      h = tf.relu(normalize(h, block, norm));
      if (maxPool) h = tf.maxPool(h, 2, 2, 'valid');
    }
    return tf.reshape(h, [h.shape[0], features]);
  };

  const checkInput = (x: Tensor, batched: boolean): void => {
    const rest = x.shape.slice(batched ? 1 : 0);
    const ok = rest.length === 2 ? rest[1] === pixels : rest.length === 4 && rest[1] === imageSize && rest[2] === imageSize && rest[3] === inChannels;
    if (!ok) {
      throw new MetatuneError('SHAPE_MISMATCH', `conv4: input of shape [${x.shape.join(',')}] does not match ${imageSize}x${imageSize}x${inChannels} images`, {
        hint: `pass x as [${batched ? 'T,' : ''}N,${imageSize},${imageSize},${inChannels}] or [${batched ? 'T,' : ''}N,${pixels}], or set imageSize/inChannels`,
      });
    }
  };

  // The body for any mix of task-batched params and inputs: [N, features], or [T, N, features].
  const bodyPerTask = (params: Params, x: Tensor): Tensor => {
    const paramsBatched = leaf(subtree(params, 'block0', 'conv4'), 'w', 'conv4').rank === 5;
    const xBatched = x.rank === 5 || x.rank === 3;
    checkInput(x, xBatched);
    if (!paramsBatched && !xBatched) return featuresOne(params, x);
    // Per-task path: norm statistics must not mix tasks, so tasks run one after the other.
    const tasks = paramsBatched ? (leaf(subtree(params, 'block0', 'conv4'), 'w', 'conv4').shape[0] as number) : x.shape[0];
    if (xBatched && x.shape[0] !== tasks) {
      throw new MetatuneError('SHAPE_MISMATCH', `conv4: x holds ${x.shape[0]} tasks but the params hold ${tasks}`, {
        hint: 'use the same task count T in x [T,N,...] and the params [T,...]',
      });
    }
    const xs = xBatched ? tf.unstack(x) : new Array<Tensor>(tasks).fill(x);
    const perTask: Params[] = [];
    if (paramsBatched) {
      const unstacked = new Map<string, Tensor[]>();
      mapParams(params, (t, path) => {
        unstacked.set(path, tf.unstack(t));
        return t;
      });
      for (let i = 0; i < tasks; i++) perTask.push(mapParams(params, (_, path) => (unstacked.get(path) as Tensor[])[i]));
    } else {
      for (let i = 0; i < tasks; i++) perTask.push(params);
    }
    return tf.stack(xs.map((xi, i) => featuresOne(perTask[i], xi)));
  };

  return {
    init(key: Key) {
      const keys = split(key, BLOCKS + 1);
      const params: Params = {};
      let cin = inChannels;
      for (let i = 0; i < BLOCKS; i++) {
        const [kw, kb] = split(keys[i]);
        const fanIn = KERNEL * KERNEL * cin;
        const block: Params = {
          w: initWeight(kw, [KERNEL, KERNEL, cin, filters], fanIn, KERNEL * KERNEL * filters, init),
          b: initBias(kb, [filters], fanIn, init),
        };
        if (norm !== 'none') {
          block.scale = tf.ones([filters]);
          block.offset = tf.zeros([filters]);
        }
        params[`block${i}`] = block;
        cin = filters;
      }
      params.head = denseInit(keys[BLOCKS], features, outputs, init);
      return params;
    },
    apply(params, x) {
      return denseApply(subtree(params, 'head', 'conv4'), bodyPerTask(params, x));
    },
    head: {
      key: 'head',
      features: bodyPerTask,
      apply: denseApply,
    },
  };
}
