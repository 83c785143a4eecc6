import { describe, expect, it } from 'vitest';
import { MetatuneError, categorical, defineSpace, float, int, type SampleRequest, type Sampler } from '@metatune/core';
import { createStudy, loadStudy } from './study';
import { MemoryStorage } from './storage/memory';
import { TrialPruned } from './trial';
import { GridSampler } from './samplers/grid';
import { MedianPruner } from './pruners/percentile';

const space = defineSpace({ x: float(-5, 5), n: int(1, 4), kind: categorical(['a', 'b']) });
const quiet = { log: () => undefined };

describe('Study ask/tell', () => {
  it('runs ask/tell with user attributes, intermediate values and states', async () => {
    const study = await createStudy({ name: 's', space, ...quiet });
    const t = await study.ask();
    expect(t.number).toBe(0);
    await t.report(0, 3);
    await t.report(1, 2);
    await t.setUserAttr('note', 'first');
    await study.setUserAttr('team', 'ml');
    const done = await study.tell(t, 1.5);
    expect(done).toMatchObject({ state: 'COMPLETE', values: [1.5], intermediate: { 0: 3, 1: 2 }, userAttrs: { note: 'first' } });
    expect(await study.userAttrs()).toEqual({ team: 'ml' });
    const failed = await study.tell(await study.ask(), new Error('diverged'));
    expect(failed).toMatchObject({ state: 'FAIL', error: 'diverged' });
    const nan = await study.tell(await study.ask(), Number.NaN);
    expect(nan).toMatchObject({ state: 'FAIL', error: expect.stringMatching(/non-finite/) });
    const pruned = await study.ask();
    await pruned.report(4, 9);
    expect(await study.tell(pruned, new TrialPruned())).toMatchObject({ state: 'PRUNED', values: [9] });
    expect((await study.bestTrial())?.number).toBe(0);
    await study.close();
  });

  it('refuses to tell a finished trial, enqueued params outside the space, and a mismatched study', async () => {
    const storage = new MemoryStorage();
    const study = await createStudy({ name: 's', space, storage, ...quiet });
    const t = await study.ask();
    await study.tell(t, 1);
    await expect(study.tell(t, 2)).rejects.toMatchObject({ code: 'TRIAL_STATE', message: expect.stringMatching(/already COMPLETE/) });
    await expect(study.enqueue({ x: 50, n: 1, kind: 'a' })).rejects.toMatchObject({ code: 'INVALID_PARAMS', message: expect.stringMatching(/"x" = 50 is outside/) });
    await expect(study.enqueue({ x: 0, n: 1 })).rejects.toThrow(/"kind" is missing/);
    await expect(createStudy({ name: 's', space: defineSpace({ x: float(0, 1) }), storage })).rejects.toMatchObject({ code: 'STUDY_CONFLICT' });
    await expect(createStudy({ name: 's', space, direction: 'maximize', storage })).rejects.toThrow(/directions/);
    await expect(loadStudy({ name: 'nope', storage })).rejects.toThrow(/no study named "nope"/);
    await expect(createStudy({ name: 's2', space, storage: 'mongodb://u:pw@h/db' })).rejects.toThrow(/unknown storage URL scheme in "mongodb:\/\/u:\*\*\*@h\/db"/);
  });

  it('runs enqueued configurations first, then sampled ones', async () => {
    const study = await createStudy({ name: 's', space, ...quiet });
    await study.enqueue({ x: 1, n: 2, kind: 'b' });
    const first = await study.ask();
    expect(first.params).toEqual({ x: 1, n: 2, kind: 'b' });
    const second = await study.ask();
    expect(second.number).toBe(1);
    expect(second.params).not.toEqual(first.params);
  });

  it('is reproducible: the same seed gives the same configurations, another seed others', async () => {
    const run = async (seed: number) => {
      const study = await createStudy({ name: 'r', space, seed, ...quiet });
      await study.optimize((t) => (t.params.x as number) ** 2, { trials: 10 });
      return (await study.trials()).map((t) => t.params);
    };
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
  });
});

describe('Study.optimize', () => {
  it('minimises, survives throwing and NaN objectives, and counts outcomes', async () => {
    const study = await createStudy({ name: 'o', space: defineSpace({ x: float(-5, 5) }), ...quiet });
    const summary = await study.optimize(
      (t) => {
        if (t.number % 10 === 3) throw new Error('boom');
        if (t.number % 10 === 7) return Number.POSITIVE_INFINITY;
        return ((t.params.x as number) - 1) ** 2;
      },
      { trials: 60 },
    );
    expect(summary).toEqual({ completed: 48, pruned: 0, failed: 12, stoppedBy: 'trials' });
    const best = await study.bestTrial();
    expect(Math.abs((best!.params.x as number) - 1)).toBeLessThan(0.5);
    const rows = await study.table();
    expect(rows[3]).toMatchObject({ number: 3, state: 'FAIL', error: 'boom' });
    expect(rows[0]).toHaveProperty('params_x');
  });

  it('runs trials concurrently, stops on timeout and on abort', async () => {
    const study = await createStudy({ name: 'c', space: defineSpace({ x: float(0, 1) }), ...quiet });
    let running = 0;
    let peak = 0;
    const slow = async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return 0;
    };
    await study.optimize(slow, { trials: 12, concurrency: 4 });
    expect(peak).toBe(4);
    expect(await study.countTrials(['COMPLETE'])).toBe(12);
    const timed = await study.optimize(slow, { timeoutMs: 100 });
    expect(timed.stoppedBy).toBe('timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect((await study.optimize(slow, { signal: controller.signal })).stoppedBy).toBe('signal');
    await expect(study.optimize(slow)).rejects.toThrow(/stopping rule/);
  });

  it('prunes with a pruner through trial.shouldPrune()', async () => {
    const study = await createStudy({ name: 'p', space: defineSpace({ x: float(0, 1) }), pruner: new MedianPruner({ startupTrials: 3 }), ...quiet });
    const summary = await study.optimize(
      async (t) => {
        const x = t.params.x as number;
        for (let step = 0; step < 5; step++) {
          await t.report(step, x * (5 - step));
          if (await t.shouldPrune()) t.prune();
        }
        return x;
      },
      { trials: 30 },
    );
    expect(summary.pruned).toBeGreaterThan(5);
    expect(summary.completed + summary.pruned).toBe(30);
  });

  it('stops when a grid is exhausted, covering it once', async () => {
    const study = await createStudy({ name: 'g', space: defineSpace({ a: int(0, 2), b: categorical(['u', 'v']) }), sampler: new GridSampler(), ...quiet });
    const summary = await study.optimize(() => 0, { trials: 100, concurrency: 3 });
    expect(summary).toMatchObject({ completed: 6, stoppedBy: 'exhausted' });
    expect(new Set((await study.trials()).map((t) => JSON.stringify(t.params))).size).toBe(6);
  });
});

describe('multi-objective studies', () => {
  it('keeps the Pareto front and refuses a single best trial', async () => {
    const study = await createStudy({ name: 'mo', space: defineSpace({ x: float(0, 1) }), directions: ['minimize', 'minimize'], ...quiet });
    await study.optimize((t) => [t.params.x as number, (1 - (t.params.x as number)) ** 2 + 0.1], { trials: 30 });
    const front = await study.bestTrials();
    // f1 = x and f2 = (1 - x)^2 trade off monotonically over [0, 1]: every trial is on the front
    expect(front.length).toBe(30);
    const bad = await study.tell(await study.ask(), [2, 2]);
    expect(bad.state).toBe('COMPLETE');
    expect((await study.bestTrials()).length).toBe(30);
    expect(await study.tell(await study.ask(), 1)).toMatchObject({ state: 'FAIL', error: expect.stringMatching(/1 value\(s\) for 2/) });
    await expect(study.bestTrial()).rejects.toThrow(/bestTrials/);
  });

  it('refuses a sampler that declares no multi-objective support', async () => {
    const single: Sampler = { name: 'single', multiObjective: false, ask: (r: SampleRequest) => ({ x: r.trialNumber / 100 }) };
    await expect(createStudy({ name: 'm', space: defineSpace({ x: float(0, 1) }), directions: ['minimize', 'maximize'], sampler: single })).rejects.toThrow(MetatuneError);
  });
});

describe('heartbeats', () => {
  it('keep an ask/tell trial alive, and a dead worker\'s trial is failed and retried with its params', async () => {
    const storage = new MemoryStorage();
    const options = { name: 'hb', space, storage, graceMs: 300, heartbeatIntervalMs: 50, maxRetries: 1, ...quiet };
    const alive = await createStudy({ ...options, worker: 'alive' });
    const dead = await createStudy({ ...options, worker: 'dead' });
    const kept = await alive.ask();
    const lost = await dead.ask();
    await dead.close(); // stops its heartbeats, as a killed process would
    await new Promise((r) => setTimeout(r, 500));
    const failed = await alive.failStaleTrials();
    expect(failed.map((t) => t.number)).toEqual([lost.number]);
    const retry = await alive.ask();
    expect(retry.params).toEqual(lost.params);
    expect(retry.record.systemAttrs).toMatchObject({ retries: 1, retryOf: lost.number });
    expect((await alive.tell(kept, 1)).state).toBe('COMPLETE');
    expect((await alive.tell(retry, 2)).state).toBe('COMPLETE');
    await expect(dead.tell(lost, 3)).rejects.toMatchObject({ code: 'TRIAL_STATE' });
    await alive.close();
  });
});
