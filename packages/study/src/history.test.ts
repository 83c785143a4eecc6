import { describe, expect, it } from 'vitest';
import type { Storage, TrialQuery } from '@metatune/core';
import { HistoryView } from './history';
import { MemoryStorage } from './storage/memory';

describe('HistoryView', () => {
  it('reads only the window of unfinished and new trials on each sync, so its cost stays flat', async () => {
    const storage = new MemoryStorage();
    let read = 0;
    const counting: Storage = Object.assign(Object.create(storage) as Storage, {
      getTrials: async (id: number, q?: TrialQuery) => {
        const rows = await storage.getTrials(id, q);
        read += rows.length;
        return rows;
      },
    });
    const study = await storage.createStudy({ name: 'h', space: {}, directions: ['minimize'] });
    const view = new HistoryView(counting, study.id, 'minimize');
    const perSync: number[] = [];
    const stuck = await storage.createTrial(study.id, { state: 'RUNNING', params: { x: -1 } });
    for (let i = 0; i < 300; i++) {
      const t = await storage.createTrial(study.id, { state: 'RUNNING', params: { x: i } });
      await storage.finishTrial(t.id, { state: i % 5 === 0 ? 'FAIL' : 'COMPLETE', values: [300 - i] });
      if (i === 150) await storage.finishTrial(stuck.id, { state: 'COMPLETE', values: [1000] });
      read = 0;
      await view.sync();
      perSync.push(read);
    }
    // while trial 0 is running every sync re-reads from it; once it finishes the window is one trial
    expect(Math.max(...perSync.slice(160))).toBe(1);
    expect(view.finishedCount).toBe(301);
    expect(view.completed().length).toBe(241);
    expect(view.completed(3).map((t) => t.number)).toEqual([298, 299, 300]);
    expect(view.best()?.values).toEqual([1]);
    expect(view.since(299).map((t) => t.number)).toEqual([299, 300]);
  });
});
