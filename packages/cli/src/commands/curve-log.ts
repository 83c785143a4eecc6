import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';

/** One point of a meta-training curve: a training loss or a meta-validation result. */
export type CurvePoint =
  | { readonly kind: 'train'; readonly step: number; readonly loss: number }
  | { readonly kind: 'validation'; readonly step: number; readonly loss: number; readonly ci95?: number };

/**
 * The meta-train and meta-validation curves of a run, appended to a JSON-lines file as they
 * happen, so a run resumed with `--resume` (even after Ctrl-C or a kill) reports the whole curve
 * and not only the steps after the last resume. Points past the checkpoint a run resumes from are
 * dropped: the resumed run recomputes those steps identically.
 */
export class CurveLog {
  private constructor(
    private readonly path: string,
    private points: CurvePoint[],
  ) {}

  /** Opens the log at `path`: keeps its points when `resume`, starts empty otherwise. */
  static async open(path: string, resume: boolean): Promise<CurveLog> {
    const points = resume ? await readPoints(path) : [];
    const log = new CurveLog(path, points);
    await log.rewrite();
    return log;
  }

  /** Keeps only points up to `step` (the checkpoint the run resumed from). */
  async truncateTo(step: number): Promise<void> {
    this.points = this.points.filter((p) => p.step <= step);
    await this.rewrite();
  }

  /** Appends a point (one line; a crash loses at most the line being written). */
  async record(point: CurvePoint): Promise<void> {
    this.points.push(point);
    await appendFile(this.path, `${JSON.stringify(point)}\n`);
  }

  /** The training-loss points, in step order. */
  train(): { step: number; loss: number }[] {
    return this.points.filter((p) => p.kind === 'train').map(({ step, loss }) => ({ step, loss }));
  }

  /** The meta-validation points, in step order. */
  validation(): { step: number; loss: number; ci95?: number }[] {
    return this.points.filter((p) => p.kind === 'validation').map(({ step, loss, ci95 }) => ({ step, loss, ci95 }));
  }

  private async rewrite(): Promise<void> {
    await writeFile(`${this.path}.tmp`, this.points.map((p) => `${JSON.stringify(p)}\n`).join(''));
    await rename(`${this.path}.tmp`, this.path);
  }
}

/** Reads the points of a log; a missing file is empty, and a torn last line (a kill mid-write) is skipped. */
async function readPoints(path: string): Promise<CurvePoint[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const points: CurvePoint[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as CurvePoint & { ci95?: number | null };
      if ((value.kind === 'train' || value.kind === 'validation') && Number.isFinite(value.step)) {
        // JSON turns a NaN interval into null; keep the point, drop the interval.
        if (value.kind === 'validation' && value.ci95 == null) points.push({ kind: 'validation', step: value.step, loss: value.loss });
        else points.push(value);
      }
    } catch {
      // a line cut short by a kill: the steps it described are recomputed after the resume
    }
  }
  return points;
}
