/**
 * The multi-process reliability tests, shared by the SQLite and PostgreSQL runs (test-only):
 * real worker processes on one study, a worker killed with SIGKILL, a shared grid, and failing
 * objectives.
 */
import { beforeAll, expect, it } from 'vitest';
import { categorical, defineSpace, float, int, type SearchSpace, type Storage } from '@metatune/core';
import { enumerateGrid } from '../samplers/grid';
import { canonicalJson } from '../storage/spec';
import { buildWorker } from './build-worker';
import { spawnWorker, summaryOf, type WorkerProcess } from './processes';

/** A fresh storage location for one test: its URL for the workers and an open Storage for the test. */
export interface Location {
  readonly url: string;
  readonly storage: Storage;
}

async function allExit(workers: WorkerProcess[]): Promise<void> {
  const codes = await Promise.all(workers.map((w) => w.exited));
  codes.forEach((code, i) => expect(code, `worker ${i} stderr: ${workers[i].stderr}`).toBe(0));
}

const space = defineSpace({ x: float(-1, 1), y: int(0, 10) });

/** Registers the reliability tests for one backend. */
export function reliabilitySuite(tag: string, fresh: () => Promise<Location>): { script: () => string } {
  let script = '';
  beforeAll(async () => {
    script = await buildWorker(tag);
  });

  it('8 worker processes x 50 trials: exactly 400 COMPLETE trials numbered 0..399, no lost tell', async () => {
    const { url, storage } = await fresh();
    const study = await storage.createStudy({ name: 'parallel', space, directions: ['minimize'] });
    const workers = Array.from({ length: 8 }, (_, i) => spawnWorker(script, { storage: url, study: 'parallel', trials: 50, objective: 'instant', seed: 1 + i }));
    await allExit(workers);
    const trials = await storage.getTrials(study.id);
    expect(trials.length).toBe(400);
    expect(trials.every((t) => t.state === 'COMPLETE' && t.values?.length === 1)).toBe(true);
    expect(trials.map((t) => t.number)).toEqual([...Array(400).keys()]);
    expect(workers.reduce((s, w) => s + summaryOf(w).completed, 0)).toBe(400);
    expect(new Set(trials.map((t) => t.worker)).size).toBe(8);
    await storage.close();
  });

  it('a worker killed with SIGKILL mid-trial: its trial FAILs after the grace period and another worker completes the retry', async () => {
    const { url, storage } = await fresh();
    const study = await storage.createStudy({ name: 'killed', space, directions: ['minimize'] });
    const common = { storage: url, study: 'killed', graceMs: 1000, heartbeatIntervalMs: 150, maxRetries: 1 };
    const victim = spawnWorker(script, { ...common, objective: 'hang', trials: 1 });
    const number = Number((await victim.waitFor(/RUNNING \d+/)).split(' ')[1]);
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    const survivors = [0, 1].map(() => spawnWorker(script, { ...common, objective: 'sleep:40', trials: 50 }));
    await allExit(survivors);
    const trials = await storage.getTrials(study.id);
    const dead = trials.find((t) => t.number === number)!;
    expect(dead.state).toBe('FAIL');
    expect(dead.error).toMatch(/no heartbeat/);
    const retries = trials.filter((t) => t.systemAttrs.retryOf === number);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ state: 'COMPLETE', params: dead.params, systemAttrs: { retries: 1 } });
    // nothing else lost: every other trial completed, numbers dense
    expect(trials.filter((t) => t.number !== number).every((t) => t.state === 'COMPLETE')).toBe(true);
    expect(trials.length).toBe(101);
    expect(trials.map((t) => t.number)).toEqual([...Array(101).keys()]);
    await storage.close();
  });

  it('a grid shared by 4 workers is covered exactly once', async () => {
    const { url, storage } = await fresh();
    const gridSpace: SearchSpace = defineSpace({ a: int(0, 19), b: categorical(['u', 'v', 'w']) });
    const study = await storage.createStudy({ name: 'grid', space: gridSpace, directions: ['minimize'] });
    const workers = Array.from({ length: 4 }, () => spawnWorker(script, { storage: url, study: 'grid', sampler: 'grid', trials: 1000, objective: 'sleep:2' }));
    await allExit(workers);
    const trials = await storage.getTrials(study.id);
    const keys = trials.map((t) => canonicalJson(t.params));
    expect(trials.length).toBe(60);
    expect(new Set(keys).size).toBe(60);
    expect(new Set(keys)).toEqual(new Set(enumerateGrid(gridSpace).map((p) => canonicalJson(p))));
    expect(trials.every((t) => t.state === 'COMPLETE')).toBe(true);
    expect(workers.every((w) => summaryOf(w).stoppedBy === 'exhausted')).toBe(true);
    await storage.close();
  });

  it('throwing and NaN objectives fail their trials with the message and the workers go on', async () => {
    const { url, storage } = await fresh();
    const study = await storage.createStudy({ name: 'failing', space, directions: ['minimize'] });
    const workers = [
      spawnWorker(script, { storage: url, study: 'failing', trials: 20, objective: 'throw-every:5' }),
      spawnWorker(script, { storage: url, study: 'failing', trials: 20, objective: 'nan-every:7' }),
    ];
    await allExit(workers);
    const trials = await storage.getTrials(study.id);
    expect(trials.length).toBe(40);
    const failed = trials.filter((t) => t.state === 'FAIL');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((t) => /objective exploded on trial \d+|non-finite value \(NaN\)/.test(t.error ?? ''))).toBe(true);
    expect(trials.filter((t) => t.state === 'COMPLETE').length + failed.length).toBe(40);
    expect(workers.reduce((s, w) => s + summaryOf(w).failed, 0)).toBe(failed.length);
    await storage.close();
  });

  return { script: () => script };
}
