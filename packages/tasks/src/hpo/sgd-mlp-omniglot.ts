/**
 * HPO target: tune SGD (log learning rate, momentum, log weight decay, batch size) for a small
 * MLP on an N-way Omniglot classification problem; the objective is the validation loss.
 */
import { type Key, type Params, type ParamValues, MetatuneError, defineSpace, disposeParams, float, foldIn, int, makeKey, nn, optim, random, tf } from '@metatune/core';
import { crossEntropy } from '../optimizee/mlp-task';
import { splitClasses } from '../fewshot/splits';
import type { OmniglotData } from '../omniglot/format';
import { loadOmniglot } from '../omniglot/load';
import type { HpoTask, ObjectiveContext } from './types';
import { type TrainState, capped, step } from './train-loop';

/** Options of the SGD-on-Omniglot task. */
export interface SgdMlpOmniglotOptions {
  /** Classes of the problem, N (default 10), drawn from the meta-train characters. */
  readonly ways?: number;
  /** Training drawings per class (default 14; the other 20 - 14 = 6 validate). */
  readonly trainPerClass?: number;
  /** Hidden layer sizes of the MLP (default [64]). */
  readonly hidden?: readonly number[];
  /** Epochs per trial (default 10). */
  readonly epochs?: number;
  /** Seed of the problem (which classes) and of the initialisation and batch order (default 0). */
  readonly seed?: number;
  /**
   * Seed of the initialisation and batch order only (default: `seed`). The same problem with
   * another training seed re-trains a configuration from another start, which measures how much of
   * its score is luck: near the edge of stability a tiny change of the learning rate or the batch
   * size moves the validation loss by 0.1 or more.
   */
  readonly trainingSeed?: number;
  /** Omniglot data (default: the shipped file). */
  readonly data?: OmniglotData;
}

/** The search space: log learning rate, momentum, log weight decay, batch size (log scale). */
export const SGD_SPACE = defineSpace({
  lr: float(1e-4, 1, { log: true }),
  momentum: float(0, 0.99),
  weightDecay: float(1e-6, 1e-1, { log: true }),
  batchSize: int(4, 64, { log: true }),
});

/**
 * The task. Each trial trains from the same initialisation with the same batch order (given the
 * batch size), so the objective is a deterministic function of the hyperparameters; another
 * `trainingSeed` gives the same problem with another initialisation and order. Diverged
 * runs score `10 ln N` (ten times the loss of a uniform guess).
 *
 * @example
 * const task = sgdMlpOmniglot({ ways: 10 });
 * task.objective({ lr: 0.1, momentum: 0.9, weightDecay: 1e-4, batchSize: 16 });
 */
export function sgdMlpOmniglot(options: SgdMlpOmniglotOptions = {}): HpoTask & { readonly ways: number } {
  const data = options.data ?? loadOmniglot();
  const ways = options.ways ?? 10;
  const trainPer = options.trainPerClass ?? 14;
  const hidden = options.hidden ?? [64];
  const epochs = options.epochs ?? 10;
  const seed = options.seed ?? 0;
  const pool = splitClasses(data.characters, 0).train;
  if (!Number.isInteger(ways) || ways < 2 || ways > pool.length) {
    throw new MetatuneError('INVALID_ARGUMENT', `ways must be an integer in [2, ${pool.length}] (the meta-train characters), got ${ways}`);
  }
  if (!Number.isInteger(trainPer) || trainPer < 1 || trainPer >= data.drawings) {
    throw new MetatuneError('INVALID_ARGUMENT', `trainPerClass must be an integer in [1, ${data.drawings - 1}], got ${trainPer}`, { hint: 'the rest of the drawings validate' });
  }
  if (!Number.isInteger(epochs) || epochs < 1) throw new MetatuneError('INVALID_ARGUMENT', `epochs must be a positive integer, got ${epochs}`);
  const key = makeKey(seed);
  const trainingKey = options.trainingSeed === undefined ? key : makeKey(options.trainingSeed);
  const classes = random.choiceWithoutReplacement(foldIn(key, 0), pool.length, ways).map((i) => pool[i]);
  const pixels = data.imageSize * data.imageSize;
  const validPer = data.drawings - trainPer;
  const build = (from: number, per: number) => {
    const x = new Float32Array(ways * per * pixels);
    const y = new Int32Array(ways * per);
    classes.forEach((c, n) => {
      for (let j = 0; j < per; j++) {
        const row = n * per + j;
        const src = (c * data.drawings + from + j) * pixels;
        for (let p = 0; p < pixels; p++) x[row * pixels + p] = data.pixels[src + p];
        y[row] = n;
      }
    });
    return { x, y, n: ways * per };
  };
  const train = build(0, trainPer);
  const valid = build(trainPer, validPer);
  const model = nn.mlp([pixels, ...hidden, ways]);
  const cap = 10 * Math.log(ways);

  return {
    name: 'sgd-mlp-omniglot',
    space: SGD_SPACE,
    direction: 'minimize',
    ways,
    objective(values: ParamValues, context?: ObjectiveContext): number {
      const lr = Number(values.lr);
      const beta = Number(values.momentum);
      const weightDecay = Number(values.weightDecay);
      const batchSize = Math.min(Math.round(Number(values.batchSize)), train.n);
      if (![lr, beta, weightDecay, batchSize].every(Number.isFinite)) {
        throw new MetatuneError('INVALID_PARAMS', `sgd-mlp-omniglot needs numeric lr, momentum, weightDecay, batchSize; got ${JSON.stringify(values)}`);
      }
      const xTrain = tf.tensor2d(train.x, [train.n, pixels]);
      const yTrain = tf.tensor1d(train.y, 'int32');
      const xValid = tf.tensor2d(valid.x, [valid.n, pixels]);
      const yValid = tf.tensor1d(valid.y, 'int32');
      const optimizer = optim.momentum({ lr, beta, weightDecay });
      const params = model.init(foldIn(trainingKey, 1));
      const current: TrainState = { params, state: optimizer.init(params) };
      const validationLoss = (p: Params): number => {
        const l = tf.tidy(() => crossEntropy(model.apply(p, xValid), yValid, ways));
        const v = l.dataSync()[0];
        l.dispose();
        return v;
      };
      let loss = NaN;
      try {
        for (let epoch = 0; epoch < epochs; epoch++) {
          const order = random.permutation(foldIn(trainingKey, 2 + epoch) as Key, train.n);
          for (let start = 0; start + batchSize <= train.n; start += batchSize) {
            const idx = tf.tensor1d(order.subarray(start, start + batchSize), 'int32');
            const xb = tf.gather(xTrain, idx);
            const yb = tf.gather(yTrain, idx);
            const trainLoss = step(current, optimizer, (p) => crossEntropy(model.apply(p, xb), yb, ways));
            tf.dispose([idx, xb, yb]);
            if (!Number.isFinite(trainLoss)) return cap;
          }
          loss = validationLoss(current.params);
          context?.report?.(epoch, capped(loss, cap));
          if (!Number.isFinite(loss)) return cap;
        }
        return capped(loss, cap);
      } finally {
        disposeParams(current.params);
        disposeParams(current.state);
        tf.dispose([xTrain, yTrain, xValid, yValid]);
      }
    },
  };
}
