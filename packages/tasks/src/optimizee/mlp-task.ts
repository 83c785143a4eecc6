/**
 * Small-MLP training problems on generated classification data, as optimizees (the "train a
 * small network" tasks of learned-optimizer papers, on data generated from a seed instead of
 * MNIST): inputs from Gaussian clusters or labelled by a random teacher network.
 */
import { type Key, type OptimizeeDistribution, type OptimizeeTask, type Params, type Split, MetatuneError, Rng, foldIn, random, tf } from '@metatune/core';
import { splitKey } from '../split-key';

/** How the data of a task is generated. */
export type MlpDataKind = 'clusters' | 'teacher';

/** Options of the MLP-training family. */
export interface MlpTaskOptions {
  /** `clusters`: one Gaussian cluster per class; `teacher`: labels from a random 1-hidden-layer tanh net (default `clusters`). */
  readonly data?: MlpDataKind;
  /** Input dimension (default 10). */
  readonly inputs?: number;
  /** Number of classes (default 4). */
  readonly classes?: number;
  /** Hidden units of the trained MLP, one entry per hidden layer (default [20]). */
  readonly hidden?: readonly number[];
  /** Training examples per task (default 256). */
  readonly examples?: number;
  /** Minibatch size when `loss` gets a key (default 32). */
  readonly batchSize?: number;
  /** Activation of the trained MLP (default `sigmoid`, as in Andrychowicz et al. 2016). */
  readonly activation?: 'sigmoid' | 'relu' | 'tanh';
  /** The split tasks come from (default `train`). */
  readonly split?: Split;
}

/** A generated classification problem and the MLP that learns it. */
export interface MlpTask extends OptimizeeTask {
  /** Inputs `[examples, inputs]` and int32 labels `[examples]`. */
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor1D;
  /** Logits of the MLP at `params` for inputs `x`. */
  logits(params: Params, x: tf.Tensor): tf.Tensor;
  /** Fraction of correctly classified training examples at `params`. */
  accuracy(params: Params): number;
}

/** Mean softmax cross-entropy of integer labels, stable through log-sum-exp. */
export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor, classes: number): tf.Scalar {
  return tf.tidy(() => {
    const logProbs = tf.sub(logits, tf.logSumExp(logits, -1, true));
    // oneHot stays int32 and is cast explicitly: tfjs-backend-wasm 4.22 ignores oneHot's float32
    // dtype (it writes integer bits), and a mixed-dtype mul trips the vitest setup (see README).
    const targets = tf.cast(tf.oneHot(tf.cast(labels, 'int32'), classes), 'float32');
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, logProbs), -1))) as tf.Scalar;
  });
}

function generate(rng: Rng, kind: MlpDataKind, n: number, d: number, c: number): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  if (kind === 'clusters') {
    // Class centres at distance ~2 per coordinate scale; unit-variance clusters overlap a little.
    const centres = Array.from({ length: c }, () => Array.from({ length: d }, () => 1.5 * rng.normal()));
    for (let i = 0; i < n; i++) {
      y[i] = i % c;
      for (let j = 0; j < d; j++) x[i * d + j] = centres[y[i]][j] + rng.normal();
    }
    return { x, y };
  }
  const h = 2 * d;
  const w1 = Array.from({ length: d * h }, () => rng.normal() / Math.sqrt(d));
  const w2 = Array.from({ length: h * c }, () => rng.normal() / Math.sqrt(h));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal();
    let best = 0;
    let bestScore = -Infinity;
    const hidden = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * w1[j * h + k];
      hidden[k] = Math.tanh(s);
    }
    for (let k = 0; k < c; k++) {
      let s = 0;
      for (let m = 0; m < h; m++) s += hidden[m] * w2[m * c + k];
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    }
    y[i] = best;
  }
  return { x, y };
}

/**
 * The MLP-training family. Params follow core's `nn.mlp` layout
 * (`{ layer0: { w: [in, out], b: [out] }, ... }`, Glorot-uniform weights, zero biases), so
 * core's `nn.mlp(...).apply` and this task's `logits` agree.
 *
 * @example
 * const task = mlpTasks({ data: 'teacher' }).sample(makeKey(0));
 * const params = task.init(makeKey(1));
 * const loss = task.loss(params, makeKey(2)); // minibatch loss
 */
export function mlpTasks(options: MlpTaskOptions = {}): OptimizeeDistribution {
  const kind = options.data ?? 'clusters';
  const d = options.inputs ?? 10;
  const c = options.classes ?? 4;
  const hidden = options.hidden ?? [20];
  const n = options.examples ?? 256;
  const batchSize = options.batchSize ?? 32;
  const activation = options.activation ?? 'sigmoid';
  const split = options.split ?? 'train';
  const counts: [string, number][] = [['inputs', d], ['examples', n], ['batchSize', batchSize], ...hidden.map((h, i): [string, number] => [`hidden[${i}]`, h])];
  for (const [what, v] of counts) {
    if (!Number.isInteger(v) || v < 1) throw new MetatuneError('INVALID_ARGUMENT', `${what} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(c) || c < 2) throw new MetatuneError('INVALID_ARGUMENT', `classes must be an integer >= 2, got ${c}`);
  if (batchSize > n) throw new MetatuneError('INVALID_ARGUMENT', `batchSize ${batchSize} exceeds the ${n} examples of a task`, { hint: `use batchSize <= ${n}` });
  const sizes = [d, ...hidden, c];
  const act = activation === 'relu' ? tf.relu : activation === 'tanh' ? tf.tanh : tf.sigmoid;
  return {
    name: 'mlp-training',
    split,
    sample(key: Key): MlpTask {
      const k = splitKey(key, split);
      const data = generate(new Rng(foldIn(k, 0)), kind, n, d, c);
      const x = tf.keep(tf.tensor2d(data.x, [n, d]));
      const y = tf.keep(tf.tensor1d(data.y, 'int32'));
      const logits = (params: Params, input: tf.Tensor): tf.Tensor =>
        tf.tidy(() => {
          let h = input;
          for (let l = 0; l < sizes.length - 1; l++) {
            const layer = params[`layer${l}`] as Params;
            h = tf.add(tf.matMul(h, layer.w as tf.Tensor), layer.b as tf.Tensor);
            if (l < sizes.length - 2) h = act(h);
          }
          return h;
        });
      return {
        x,
        y,
        logits,
        init(initKey: Key): Params {
          const params: Params = {};
          for (let l = 0; l < sizes.length - 1; l++) {
            const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
            const limit = Math.sqrt(6 / (fanIn + fanOut));
            const w = random.uniform(foldIn(initKey, l), fanIn * fanOut, -limit, limit);
            params[`layer${l}`] = { w: tf.tensor2d(Float32Array.from(w), [fanIn, fanOut]), b: tf.zeros([fanOut]) };
          }
          return params;
        },
        loss(params: Params, batchKey?: Key): tf.Scalar {
          return tf.tidy(() => {
            if (!batchKey) return crossEntropy(logits(params, x), y, c);
            const idx = tf.tensor1d(random.choiceWithoutReplacement(batchKey, n, batchSize), 'int32');
            return crossEntropy(logits(params, tf.gather(x, idx)), tf.gather(y, idx), c);
          });
        },
        accuracy(params: Params): number {
          const correct = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits(params, x), -1), y), 'float32')));
          const value = correct.dataSync()[0];
          correct.dispose();
          return value;
        },
        dispose() {
          x.dispose();
          y.dispose();
        },
      };
    },
  };
}
