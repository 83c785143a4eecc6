/**
 * The Storage contract as tests, shared by the memory, SQLite and PostgreSQL storages (test-only;
 * the storage packages import this file by relative path).
 */
import { describe, expect, it } from 'vitest';
import { MetatuneError, defineSpace, float, type Storage } from '@metatune/core';

const space = defineSpace({ x: float(0, 1) });

/** Runs the contract tests against fresh storages from `open`, closed with `close`. */
export function storageConformance(label: string, open: () => Promise<Storage>): void {
  describe(`Storage contract: ${label}`, () => {
    const withStorage = (fn: (s: Storage) => Promise<void>) => async () => {
      const s = await open();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    };

    it('creates a study once and refuses a different space or direction', withStorage(async (s) => {
      const a = await s.createStudy({ name: 'c1', space, directions: ['minimize'] });
      const b = await s.createStudy({ name: 'c1', space: { x: float(0, 1) }, directions: ['minimize'] });
      expect(b.id).toBe(a.id);
      expect(b.space).toEqual(space);
      await expect(s.createStudy({ name: 'c1', space: { x: float(0, 2) }, directions: ['minimize'] })).rejects.toMatchObject({ code: 'STUDY_CONFLICT' });
      await expect(s.createStudy({ name: 'c1', space, directions: ['maximize'] })).rejects.toThrow(/directions/);
      expect((await s.listStudies()).map((x) => x.name)).toContain('c1');
      await s.setStudyUserAttr(a.id, 'owner', { team: 'ml' });
      expect((await s.getStudy('c1'))?.userAttrs).toEqual({ owner: { team: 'ml' } });
      await s.deleteStudy('c1');
      expect(await s.getStudy('c1')).toBeUndefined();
    }));

    it('numbers trials densely, passes the number to a params function, and round-trips everything', withStorage(async (s) => {
      const st = await s.createStudy({ name: 'c2', space, directions: ['minimize'] });
      const seen: number[] = [];
      const t0 = await s.createTrial(st.id, { state: 'RUNNING', worker: 'w1', params: (n) => (seen.push(n), { x: n / 10 }) });
      const t1 = await s.createTrial(st.id, { state: 'RUNNING', params: { x: 0.5 }, userAttrs: { a: 1 }, systemAttrs: { gen: 2 } });
      expect([t0.number, t1.number, seen]).toEqual([0, 1, [0]]);
      expect(t0.params).toEqual({ x: 0 });
      await expect(s.createTrial(st.id, { state: 'RUNNING', params: () => { throw new Error('sampler failed'); } })).rejects.toThrow(/sampler failed/);
      expect((await s.createTrial(st.id, { state: 'RUNNING', params: { x: 1 } })).number).toBe(2);
      await s.reportIntermediate(t0.id, 3, 0.25);
      await s.reportIntermediate(t0.id, 10, 0.125);
      await s.setTrialUserAttr(t0.id, 'note', 'hi');
      await s.setTrialSystemAttr(t0.id, 'k', [1, 2]);
      const done = await s.finishTrial(t0.id, { state: 'COMPLETE', values: [0.1] });
      expect(done).toMatchObject({ state: 'COMPLETE', values: [0.1], intermediate: { 3: 0.25, 10: 0.125 }, userAttrs: { note: 'hi' }, systemAttrs: { k: [1, 2] }, worker: 'w1' });
      expect(done.finishedAt).toBeGreaterThanOrEqual(done.startedAt ?? Infinity);
      await expect(s.finishTrial(t0.id, { state: 'FAIL', error: 'x' })).rejects.toMatchObject({ code: 'TRIAL_STATE' });
      await expect(s.reportIntermediate(t0.id, 11, 1)).rejects.toBeInstanceOf(MetatuneError);
      await s.finishTrial(t1.id, { state: 'FAIL', error: 'boom' });
      expect((await s.getTrial(t1.id))).toMatchObject({ state: 'FAIL', error: 'boom', userAttrs: { a: 1 }, systemAttrs: { gen: 2 } });
      expect((await s.getTrials(st.id)).map((t) => t.number)).toEqual([0, 1, 2]);
      expect((await s.getTrials(st.id, { states: ['COMPLETE', 'FAIL'] })).map((t) => t.number)).toEqual([0, 1]);
      expect((await s.getTrials(st.id, { fromNumber: 1 })).map((t) => t.number)).toEqual([1, 2]);
      expect((await s.getTrials(st.id, { newest: true, limit: 2 })).map((t) => t.number)).toEqual([2, 1]);
      expect(await s.countTrials(st.id)).toBe(3);
      expect(await s.countTrials(st.id, ['RUNNING'])).toBe(1);
    }));

    it('claims WAITING trials oldest first, each once', withStorage(async (s) => {
      const st = await s.createStudy({ name: 'c3', space, directions: ['minimize'] });
      await s.createTrial(st.id, { state: 'WAITING', params: { x: 0.1 } });
      await s.createTrial(st.id, { state: 'WAITING', params: { x: 0.2 } });
      const [a, b, c] = await Promise.all([s.claimWaitingTrial(st.id, 'w1'), s.claimWaitingTrial(st.id, 'w2'), s.claimWaitingTrial(st.id, 'w3')]);
      const claimed = [a, b, c].filter((t) => t !== undefined);
      expect(claimed.map((t) => t.params.x).sort()).toEqual([0.1, 0.2]);
      expect(claimed.every((t) => t.state === 'RUNNING' && t.startedAt !== undefined)).toBe(true);
      expect(await s.claimWaitingTrial(st.id, 'w1')).toBeUndefined();
    }));

    it('fails stale trials once and re-enqueues them with their retry count', withStorage(async (s) => {
      const st = await s.createStudy({ name: 'c4', space, directions: ['minimize'] });
      const stale = await s.createTrial(st.id, { state: 'RUNNING', params: { x: 0.3 }, worker: 'dead' });
      const live = await s.createTrial(st.id, { state: 'RUNNING', params: { x: 0.4 }, worker: 'alive' });
      await new Promise((r) => setTimeout(r, 120));
      await s.heartbeat(live.id);
      const [first, second] = await Promise.all([s.failStaleTrials(st.id, 60, { maxRetries: 1 }), s.failStaleTrials(st.id, 60, { maxRetries: 1 })]);
      expect([...first, ...second].map((t) => t.number)).toEqual([stale.number]);
      expect((await s.getTrial(stale.id))?.error).toMatch(/heartbeat/);
      const retry = await s.claimWaitingTrial(st.id, 'w2');
      expect(retry).toMatchObject({ params: { x: 0.3 }, systemAttrs: { retries: 1, retryOf: stale.number } });
      await new Promise((r) => setTimeout(r, 120));
      // the retry has used up its retries: it fails without another re-enqueue
      const again = await s.failStaleTrials(st.id, 60, { maxRetries: 1 });
      expect(again.map((t) => t.id).sort()).toEqual([live.id, retry!.id].sort());
      expect(await s.countTrials(st.id, ['WAITING'])).toBe(1); // only live's first retry
    }));
  });
}
