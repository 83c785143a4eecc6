import type { Writable } from 'node:stream';

/** Something the cli reports while it works. */
export type CliEvent =
  | { type: 'info'; message: string }
  | { type: 'warning'; message: string }
  | { type: 'study-start'; study: string; storage: string; trials: number; resumedTrials: number }
  | { type: 'trial'; study: string; number: number; state: string; value?: number; best?: number; done: number; total: number; error?: string }
  | { type: 'study-end'; study: string; best?: number; bestParams?: Record<string, unknown>; complete: number; failed: number; pruned: number }
  | { type: 'meta-step'; run: string; step: number; steps: number; loss: number }
  | { type: 'meta-eval'; run: string; step: number; loss: number; ci95: number }
  | { type: 'result'; [key: string]: unknown };

/** How events are shown: a redrawn progress line on a terminal, plain lines, or JSON lines for scripts. */
export type OutputMode = 'tty' | 'plain' | 'json';

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function bar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((width * Math.min(done, total)) / total) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function fmt(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '-' : Number(v.toPrecision(4)).toString();
}

/** Writes events to a stream in the chosen mode. */
export class EventWriter {
  private readonly started = Date.now();
  private progressStart = Date.now();
  private lineOpen = false;

  constructor(
    private readonly out: Writable,
    readonly mode: OutputMode,
  ) {}

  /** Reports one event. */
  emit(event: CliEvent): void {
    if (this.mode === 'json') {
      this.out.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
      return;
    }
    if (event.type === 'study-start') this.progressStart = Date.now();
    const progress = this.progressLine(event);
    if (this.mode === 'tty' && progress !== undefined) {
      this.out.write(`\r\x1b[2K${progress}`);
      this.lineOpen = true;
      return;
    }
    const line = this.plainLine(event);
    if (line === undefined) return;
    if (this.lineOpen) this.out.write('\n');
    this.lineOpen = false;
    this.out.write(`${line}\n`);
  }

  /** Ends an open progress line. */
  close(): void {
    if (this.lineOpen) this.out.write('\n');
    this.lineOpen = false;
  }

  private progressLine(event: CliEvent): string | undefined {
    if (event.type === 'trial') {
      const elapsed = Date.now() - this.progressStart;
      const eta = event.done > 0 ? (elapsed / event.done) * (event.total - event.done) : Number.NaN;
      return `${event.study} ${bar(event.done, event.total)} ${event.done}/${event.total} trials, best ${fmt(event.best)}, ETA ${formatDuration(eta)}`;
    }
    if (event.type === 'meta-step') {
      const elapsed = Date.now() - this.progressStart;
      const eta = event.step > 0 ? (elapsed / event.step) * (event.steps - event.step) : Number.NaN;
      return `${event.run} ${bar(event.step, event.steps)} step ${event.step}/${event.steps}, loss ${fmt(event.loss)}, ETA ${formatDuration(eta)}`;
    }
    return undefined;
  }

  private plainLine(event: CliEvent): string | undefined {
    const t = `[${formatDuration(Date.now() - this.started).padStart(6)}]`;
    switch (event.type) {
      case 'info':
        return `${t} ${event.message}`;
      case 'warning':
        return `${t} warning: ${event.message}`;
      case 'study-start':
        return `${t} study ${event.study} on ${event.storage}: ${event.trials} trials${event.resumedTrials ? ` (resuming after ${event.resumedTrials})` : ''}`;
      case 'trial':
        return `${t} ${event.study} trial ${event.number} ${event.state}${event.value !== undefined ? ` value ${fmt(event.value)}` : ''}${event.error ? ` (${event.error})` : ''}, best ${fmt(event.best)} [${event.done}/${event.total}]`;
      case 'study-end':
        return `${t} study ${event.study} done: best ${fmt(event.best)} ${event.bestParams ? JSON.stringify(event.bestParams) : ''} (${event.complete} complete, ${event.pruned} pruned, ${event.failed} failed)`;
      case 'meta-step':
        return event.step % Math.max(1, Math.floor(event.steps / 20)) === 0 || event.step === event.steps ? `${t} ${event.run} step ${event.step}/${event.steps} loss ${fmt(event.loss)}` : undefined;
      case 'meta-eval':
        return `${t} ${event.run} step ${event.step} meta-validation loss ${fmt(event.loss)} ± ${fmt(event.ci95)}`;
      case 'result':
        return `${t} ${JSON.stringify(event)}`;
    }
  }
}

/** Picks the output mode: `--json` wins, then a TTY gets the progress line, anything else plain lines. */
export function chooseMode(json: boolean, stream: { isTTY?: boolean }): OutputMode {
  if (json) return 'json';
  return stream.isTTY ? 'tty' : 'plain';
}
