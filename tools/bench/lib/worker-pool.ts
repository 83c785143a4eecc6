/**
 * Runs independent bench jobs in `workers` child processes of the bench script itself (each
 * started with `--worker`, so the script's worker branch answers one message per job). Results
 * come back in completion order; `onResult` sees each as it arrives (for progress lines).
 */
import { fork } from 'node:child_process';

export function runInWorkers<J, R>(script: string, jobs: readonly J[], workers: number, onResult: (result: R) => void = () => undefined): Promise<R[]> {
  const results: R[] = [];
  if (jobs.length === 0) return Promise.resolve(results);
  return new Promise((resolve, reject) => {
    let next = 0;
    for (let w = 0; w < Math.min(Math.max(1, workers), jobs.length); w++) {
      const child = fork(script, ['--worker'], { execArgv: process.execArgv });
      const feed = () => (next < jobs.length ? child.send(jobs[next++] as object) : child.kill());
      child.on('message', (r: R) => {
        results.push(r);
        onResult(r);
        feed();
        if (results.length === jobs.length) resolve(results);
      });
      // A worker that dies (an exception in a job) would otherwise leave the bench waiting forever.
      child.on('exit', (code) => {
        if (code !== 0 && code !== null && results.length < jobs.length) reject(new Error(`a bench worker exited with code ${code}`));
      });
      feed();
    }
  });
}
