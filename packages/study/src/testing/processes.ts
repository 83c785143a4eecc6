/** Spawning and awaiting worker processes in tests (test-only). */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ChildSettings } from './worker-child';

/** A spawned worker with its collected output. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** Resolves when stdout contains `text`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
}

/** Starts `node script settings`. */
export function spawnWorker(script: string, settings: ChildSettings): WorkerProcess {
  const child = spawn(process.execPath, [script, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: WorkerProcess = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1))),
    waitFor(text, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          const m = typeof text === 'string' ? (proc.stdout.includes(text) ? text : null) : proc.stdout.match(text)?.[0];
          if (m) resolve(m);
          else if (Date.now() - started > timeoutMs) reject(new Error(`worker did not print ${String(text)}; stderr: ${proc.stderr}`));
          else setTimeout(check, 20);
        };
        check();
      });
    },
  };
  child.stdout!.on('data', (d: Buffer) => (proc.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (proc.stderr += d.toString()));
  return proc;
}

/** The JSON summary line a finished worker printed. */
export function summaryOf(p: WorkerProcess): { completed: number; pruned: number; failed: number; stoppedBy: string } {
  const line = p.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`worker printed no summary; stderr: ${p.stderr}`);
  return JSON.parse(line);
}
