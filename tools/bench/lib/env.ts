import { cpus, loadavg, totalmem } from 'node:os';

/** Where a benchmark ran: enough to tell two result files apart. */
export interface EnvironmentInfo {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** 1-minute load average when the bench started: above the core count, timings are noisy. */
  readonly loadAverage1m: number;
  readonly date: string;
  /** Extra fields the bench adds (tfjs version, backend, flags). */
  readonly [key: string]: unknown;
}

/** Describes this machine and process, plus `extra`. */
export function environmentInfo(extra: Record<string, unknown> = {}): EnvironmentInfo {
  const cpuList = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    date: new Date().toISOString(),
    ...extra,
  };
}
