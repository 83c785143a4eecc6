/**
 * Reptile's evaluation: adapt the initialisation to held-out tasks with the inner optimizer on
 * each whole support set, and measure the query loss (and accuracy) after each requested number
 * of steps, as means with 95% intervals (core's `training.estimate`).
 */
import {
  MetatuneError,
  foldIn,
  tf,
  training,
  type DataSet,
  type Estimate,
  type EvaluationResult,
  type Key,
  type Params,
  type TaskDistribution,
} from '@metatune/core';
import { isClassification, runInnerLoop, runsBatched, taskAccuracies, taskLosses, tensorsOf, tileParams, type InnerLoop } from './inner-loop';
import type { ResolvedReptileOptions } from './options';

/**
 * Mean post-adaptation loss (and accuracy for classification) over `tasks` held-out tasks after
 * each step count in `steps`. Tasks come in chunks of `evaluationBatch`, chunk c drawn from
 * `foldIn(key, c)`; task-batched models adapt a whole chunk in one graph per step.
 */
export function evaluateReptile(
  opts: ResolvedReptileOptions,
  theta: Params,
  distribution: TaskDistribution,
  tasks: number,
  steps: readonly number[],
  key: Key,
): EvaluationResult {
  if (!Number.isInteger(tasks) || tasks < 1) throw new MetatuneError('INVALID_ARGUMENT', `evaluate: tasks must be a positive integer, got ${String(tasks)}`, { hint: 'e.g. tasks: 100' });
  if (!Array.isArray(steps) || steps.length === 0 || steps.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new MetatuneError('INVALID_ARGUMENT', `evaluate: steps must be a non-empty list of non-negative integers, got ${JSON.stringify(steps)}`, { hint: 'e.g. steps: [0, 1, 10]' });
  }
  const counts = new Set(steps);
  const maxSteps = Math.max(...steps);
  const lossBy = new Map<number, number[]>(steps.map((s) => [s, []]));
  const accBy = new Map<number, number[]>(steps.map((s) => [s, []]));
  const batched = runsBatched(opts.execution, theta);
  let classification = false;
  for (let chunk = 0, done = 0; done < tasks; chunk++) {
    const n = Math.min(opts.evaluationBatch, tasks - done);
    const batch = distribution.sampleBatch(foldIn(key, chunk), n);
    try {
      training.checkTaskBatch(batch, `${opts.name} evaluate`);
      classification = isClassification(batch.query.y);
      const record = (start: Params, support: DataSet, query: DataSet, isBatched: boolean) => {
        const loop: InnerLoop = { model: opts.model, optimizer: opts.makeInner(opts.evaluationLr), batched: isBatched };
        const out = runInnerLoop(loop, start, maxSteps, () => support, (k, p) => {
          if (!counts.has(k)) return;
          tf.tidy(() => {
            const pred = opts.model.apply(p, query.x);
            lossBy.get(k)!.push(...taskLosses(pred, query.y, isBatched).dataSync());
            if (classification) accBy.get(k)!.push(...taskAccuracies(pred, query.y, isBatched).dataSync());
          });
        });
        tf.dispose([...tensorsOf(out.params), out.firstLoss, out.lastLoss]);
      };
      tf.tidy(() => {
        if (batched) {
          record(tileParams(theta, n), batch.support, batch.query, true);
          return;
        }
        for (let t = 0; t < n; t++) {
          tf.tidy(() => {
            const pick = (a: tf.Tensor) => tf.squeeze(tf.slice(a, [t], [1]), [0]);
            record(theta, { x: pick(batch.support.x), y: pick(batch.support.y) }, { x: pick(batch.query.x), y: pick(batch.query.y) }, false);
          });
        }
      });
    } finally {
      tf.dispose([batch.support.x, batch.support.y, batch.query.x, batch.query.y]);
    }
    done += n;
  }
  const table = (m: Map<number, number[]>): Record<number, Estimate> => Object.fromEntries([...m].map(([k, v]) => [k, training.estimate(v)]));
  return classification ? { loss: table(lossBy), accuracy: table(accBy) } : { loss: table(lossBy) };
}
