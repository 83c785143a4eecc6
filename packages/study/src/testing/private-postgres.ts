/**
 * A private, throwaway PostgreSQL server for the test that stops and restarts its server, so that
 * other test files using the shared CI server are not disturbed (test-only). Mirrors
 * tools/ci/start-postgres.sh.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The directory of initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function postgresBin(): string | undefined {
  const fromEnv = process.env.METATUNE_TEST_POSTGRES_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'pg_ctl'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  const bin = versions.length ? join(root, versions[versions.length - 1], 'bin') : undefined;
  return bin && existsSync(join(bin, 'pg_ctl')) ? bin : undefined;
}

/** A running private server. */
export class PrivatePostgres {
  readonly url: string;
  private constructor(
    private readonly bin: string,
    private readonly dataDir: string,
    readonly port: number,
  ) {
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  private run(tool: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    const cmd = asRoot ? 'runuser' : join(this.bin, tool);
    const full = asRoot ? ['-u', 'postgres', '--', join(this.bin, tool), ...args] : args;
    execFileSync(cmd, full, { stdio: 'pipe', timeout: 30_000 });
  }

  /** initdb into a temp dir and start on `port`. */
  static start(bin: string, port: number): PrivatePostgres {
    const dataDir = mkdtempSync(join(tmpdir(), 'metatune-pg-private-'));
    chmodSync(dataDir, 0o700);
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dataDir]);
    const server = new PrivatePostgres(bin, dataDir, port);
    server.run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    server.startServer();
    return server;
  }

  /** Starts (or restarts) the server and waits until it accepts connections. */
  startServer(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-l', join(this.dataDir, 'server.log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dataDir} -c fsync=off`, 'start']);
  }

  /** Stops the server now (fast shutdown: open connections are dropped). */
  stopServer(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  /** Stops the server and deletes its data. */
  destroy(): void {
    try {
      this.stopServer();
    } catch {
      // already stopped
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
