import type { Direction, ParamValues, Storage, TrialHistory, TrialRecord } from '@metatune/core';

function isFinished(t: TrialRecord): boolean {
  return t.state === 'COMPLETE' || t.state === 'PRUNED' || t.state === 'FAIL';
}

/**
 * An incrementally synced, indexed copy of a study's trials that implements core's
 * `TrialHistory`. Each `sync()` reads only the trials at or after the oldest one not yet known to
 * be finished (the "watermark"), so its cost depends on how many trials are in flight, not on how
 * many the study has: the bookkeeping per trial stays flat as a study grows.
 */
export class HistoryView implements TrialHistory {
  private readonly finished: TrialRecord[] = [];
  private readonly complete: TrialRecord[] = [];
  private readonly known = new Set<number>();
  private unfinished: TrialRecord[] = [];
  private watermark = 0;
  private bestTrial: TrialRecord | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly studyId: number,
    private readonly direction: Direction,
  ) {}

  /** Reads the trials that changed since the last sync. */
  async sync(): Promise<void> {
    const fresh = await this.storage.getTrials(this.studyId, { fromNumber: this.watermark });
    this.unfinished = [];
    for (const t of fresh) {
      if (!isFinished(t)) {
        this.unfinished.push(t);
      } else if (!this.known.has(t.number)) {
        this.add(t);
      }
    }
    let w = this.watermark;
    while (this.known.has(w)) w++;
    this.watermark = w;
    // numbers below the watermark are all known; forget them in the set to keep it small
    for (const n of this.known) if (n < w) this.known.delete(n);
  }

  /** Adds a trial finished in this process without waiting for the next sync. */
  observe(t: TrialRecord): void {
    if (isFinished(t) && t.number >= this.watermark && !this.known.has(t.number)) this.add(t);
  }

  private add(t: TrialRecord): void {
    this.known.add(t.number);
    insertByNumber(this.finished, t);
    if (t.state !== 'COMPLETE') return;
    insertByNumber(this.complete, t);
    const v = t.values?.[0];
    if (v === undefined) return;
    const b = this.bestTrial?.values?.[0];
    if (b === undefined || (this.direction === 'minimize' ? v < b : v > b)) this.bestTrial = t;
  }

  /** Configurations of RUNNING trials as of the last sync. */
  pending(): ParamValues[] {
    return this.unfinished.filter((t) => t.state === 'RUNNING').map((t) => t.params);
  }

  get finishedCount(): number {
    return this.finished.length;
  }

  completed(limit?: number): readonly TrialRecord[] {
    return limit === undefined || limit >= this.complete.length ? this.complete : this.complete.slice(this.complete.length - limit);
  }

  best(): TrialRecord | undefined {
    return this.bestTrial;
  }

  since(fromNumber: number): readonly TrialRecord[] {
    const start = lowerBound(this.finished, fromNumber);
    const out = this.finished.slice(start);
    for (const t of this.unfinished) if (t.number >= fromNumber) out.push(t);
    return out.sort((a, b) => a.number - b.number);
  }
}

function lowerBound(list: readonly TrialRecord[], number: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].number < number) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts keeping number order; trials mostly arrive in order, so this is usually a push. */
function insertByNumber(list: TrialRecord[], t: TrialRecord): void {
  if (list.length === 0 || list[list.length - 1].number < t.number) {
    list.push(t);
    return;
  }
  list.splice(lowerBound(list, t.number), 0, t);
}
