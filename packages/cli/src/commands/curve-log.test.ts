import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CurveLog } from './curve-log';

function fresh(): string {
  return join(mkdtempSync(join(tmpdir(), 'metatune-curve-')), 'curve.jsonl');
}

describe('CurveLog', () => {
  it('keeps the points of earlier runs when resuming, up to the checkpoint step', async () => {
    const path = fresh();
    const first = await CurveLog.open(path, false);
    for (let step = 1; step <= 8; step++) await first.record({ kind: 'train', step, loss: 10 - step });
    await first.record({ kind: 'validation', step: 4, loss: 5.5, ci95: 0.3 });
    await first.record({ kind: 'validation', step: 8, loss: 4.5, ci95: 0.2 });
    // the process dies after step 8; the last checkpoint was written at step 5
    const second = await CurveLog.open(path, true);
    await second.truncateTo(5);
    for (let step = 6; step <= 10; step++) await second.record({ kind: 'train', step, loss: 10 - step });
    expect(second.train().map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(second.validation()).toEqual([{ step: 4, loss: 5.5, ci95: 0.3 }]);
    // and the file says the same, one point per line
    const reread = await CurveLog.open(path, true);
    expect(reread.train().length).toBe(10);
    expect(readFileSync(path, 'utf8').trim().split('\n').length).toBe(11);
  });

  it('starts empty without resume, and skips a line torn by a kill', async () => {
    const path = fresh();
    const log = await CurveLog.open(path, false);
    await log.record({ kind: 'train', step: 1, loss: 2 });
    appendFileSync(path, '{"kind":"train","step":2,"lo');
    const resumed = await CurveLog.open(path, true);
    expect(resumed.train()).toEqual([{ step: 1, loss: 2 }]);
    const restarted = await CurveLog.open(path, false);
    expect(restarted.train()).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('keeps a validation point whose interval was not finite', async () => {
    const path = fresh();
    const log = await CurveLog.open(path, false);
    await log.record({ kind: 'validation', step: 3, loss: 1.5, ci95: Number.NaN });
    const resumed = await CurveLog.open(path, true);
    expect(resumed.validation()).toEqual([{ step: 3, loss: 1.5, ci95: undefined }]);
  });
});
