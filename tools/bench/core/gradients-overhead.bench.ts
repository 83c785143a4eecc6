/**
 * Benchmark: cost of metatune's gradient overrides on FIRST-order gradients, against tfjs's stock
 * gradients measured in the same run (core's `withStockGradients`), on three workloads:
 * - mlp: MAML sine model, MLP 1-40-40-1 with tanh, 10 points, MSE (Tanh, MatMul overrides in play);
 * - conv4: 4 x (conv 3x3 same, 8 filters -> batch norm -> relu -> maxPool 2x2), 28x28x1 input,
 *   batch 4 (--filters, --batch), dense to 5 classes, softmax cross-entropy (Conv2D, MaxPool, Max/Exp overrides);
 * - softmax-ce: softmax cross-entropy (x - logSumExp) of [64, 100] logits (Max, Exp).
 * Stock tfjs cannot compute conv4's filter gradient on wasm (no Conv2DBackpropFilter kernel):
 * that cell reports "stock: throws".
 *
 *   (cd packages/core && npx tsup)
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/core/gradients-overhead.bench.ts [--runs 11] [--backend cpu|wasm|both] [--batch 4] [--filters 8]
 *
 * Prints one JSON object: median milliseconds per gradient (metatune, stock) and the ratio
 * metatune/stock per workload and backend. Samples alternate between the two so that load from
 * other processes on the machine hits both alike; timings on a shared machine are noisy.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { grad, tf, withStockGradients, type Params } from '@metatune/core';

/** `--name value` or `--name=value` (the style of tools/bench/run.ts). */
function option(name: string, fallback: string): string {
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const runs = Number(option('runs', '11'));
const batch = Number(option('batch', '4'));
const filters = Number(option('filters', '8'));
const backendOption = option('backend', 'both');
const backends = backendOption === 'both' ? ['cpu', 'wasm'] : [backendOption];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const rand = (shape: number[], scale: number, seed: number): tf.Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, (_, i) => scale * Math.sin(seed * 9.1 + i * 0.37 + i * i * 1e-3)), shape);
};

interface Workload {
  name: string;
  params: Params;
  loss: (p: Params) => tf.Scalar;
}

function workloads(): Workload[] {
  const x = rand([10, 1], 5, 1);
  const y = tf.sin(x);
  const mlp: Workload = {
    name: 'mlp',
    params: { w0: rand([1, 40], 1, 2), b0: tf.zeros([40]), w1: rand([40, 40], 0.2, 3), b1: tf.zeros([40]), w2: rand([40, 1], 0.2, 4), b2: tf.zeros([1]) },
    loss: (p) => {
      let h = tf.tanh(tf.add(tf.matMul(x, p.w0 as tf.Tensor2D), p.b0 as tf.Tensor));
      h = tf.tanh(tf.add(tf.matMul(h as tf.Tensor2D, p.w1 as tf.Tensor2D), p.b1 as tf.Tensor));
      return tf.mean(tf.square(tf.sub(tf.add(tf.matMul(h as tf.Tensor2D, p.w2 as tf.Tensor2D), p.b2 as tf.Tensor), y)));
    },
  };
  const images = rand([batch, 28, 28, 1], 1, 5);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 5), 'int32'), 5);
  const conv: Params = {};
  for (let i = 0; i < 4; i++) conv[`c${i}`] = rand([3, 3, i === 0 ? 1 : filters, filters], 0.2, 10 + i);
  conv.head = rand([filters, 5], 0.2, 20);
  const ce = (logits: tf.Tensor, onehot: tf.Tensor): tf.Scalar =>
    tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.sub(logits, tf.logSumExp(logits, -1, true))), -1))) as tf.Scalar;
  // tf.batchNorm without scale/offset crashes under a gradient tape (stock tfjs saves the missing scale).
  const ones32 = tf.ones([filters]);
  const zeros32 = tf.zeros([filters]);
  const conv4: Workload = {
    name: 'conv4',
    params: conv,
    loss: (p) => {
      let h = images as tf.Tensor4D;
      for (let i = 0; i < 4; i++) {
        const c = tf.conv2d(h, p[`c${i}`] as tf.Tensor4D, 1, 'same');
        const { mean, variance } = tf.moments(c, [0, 1, 2]);
        h = tf.maxPool(tf.relu(tf.batchNorm(c, mean, variance, zeros32, ones32, 1e-3)) as tf.Tensor4D, 2, 2, 'valid');
      }
      return ce(tf.matMul(tf.reshape(h, [batch, filters]), p.head as tf.Tensor2D), labels);
    },
  };
  const targets = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => (i * 7) % 100), 'int32'), 100);
  const softmaxCe: Workload = { name: 'softmax-ce', params: { logits: rand([64, 100], 2, 30) }, loss: (p) => ce(p.logits as tf.Tensor, targets) };
  return [mlp, conv4, softmaxCe];
}

function timeOnce(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const require = createRequire(import.meta.url);
  setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')), '/'));
  const results: Record<string, unknown> = {};
  for (const backend of backends) {
    await tf.setBackend(backend);
    await tf.ready();
    for (const w of workloads()) {
      // Read the result back so the (synchronous) backends finish their work inside the timing.
      const ours = () => tf.tidy(() => void Object.values(grad(w.loss)(w.params)).forEach((t) => (t as tf.Tensor).dataSync()));
      const stock = () => withStockGradients(ours);
      let stockWorks = true;
      try {
        stock();
      } catch {
        stockWorks = false;
      }
      for (let i = 0; i < 3; i++) ours();
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < runs; r++) {
        // Alternate which goes first, so slow drifts in machine load hit both alike.
        if (r % 2 === 1 && stockWorks) b.push(timeOnce(stock));
        a.push(timeOnce(ours));
        if (r % 2 === 0 && stockWorks) b.push(timeOnce(stock));
      }
      process.stderr.write(`done ${backend}/${w.name}\n`);
      results[`${backend}/${w.name}`] = stockWorks
        ? {
            metatuneMs: +median(a).toFixed(3),
            stockMs: +median(b).toFixed(3),
            ratio: +(median(a) / median(b)).toFixed(3),
            // Minimums are less sensitive to load from other processes than medians.
            metatuneMinMs: +Math.min(...a).toFixed(3),
            stockMinMs: +Math.min(...b).toFixed(3),
            ratioOfMins: +(Math.min(...a) / Math.min(...b)).toFixed(3),
          }
        : { metatuneMs: +median(a).toFixed(3), metatuneMinMs: +Math.min(...a).toFixed(3), stock: 'throws' };
    }
  }
  console.log(JSON.stringify({ bench: 'core/gradients-overhead', runs, batch, filters, tfjs: tf.version_core, results }, null, 2));
}

void main();
