import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
/** The built executable the end-to-end tests run. */
export const BIN = join(ROOT, 'packages/cli/dist/bin.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the cli and what it depends on when the build is missing or older than the sources
 * (CI builds before testing; a developer running vitest directly may not have).
 */
export function ensureBuilt(): void {
  const packages = readdirSync(join(ROOT, 'packages'));
  const stale = packages.some((p) => {
    const dist = join(ROOT, 'packages', p, 'dist', 'index.js');
    return !existsSync(dist) || statSync(dist).mtimeMs < newestSource(join(ROOT, 'packages', p, 'src'));
  });
  if (stale || !existsSync(BIN)) execFileSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { cwd: ROOT, stdio: 'pipe' });
}

/** A fresh temporary working directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'metatune-cli-'));
}

/** Result of a finished cli process. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `metatune ...args` in `cwd`. */
export function start(args: readonly string[], cwd: string): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolveDone) => child.on('close', (code) => resolveDone({ code, stdout, stderr })));
  return { child, done };
}

/** Runs `metatune ...args` in `cwd` to the end. */
export function run(args: readonly string[], cwd: string): Promise<CliResult> {
  return start(args, cwd).done;
}
