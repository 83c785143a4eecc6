import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Storage } from '@metatune/core';
import { openStorage } from '@metatune/study';
import { ConfigError } from '../config/load';
import { type ReportData, type ReportMetaRun, type ReportStudy, renderReport } from '../report';

/** Reads studies (all of them when `names` is empty) from a storage into report data. */
export async function buildStudyReport(storage: Storage, names: readonly string[] = [], metaRuns: readonly ReportMetaRun[] = []): Promise<ReportData> {
  const records = names.length ? await Promise.all(names.map((n) => storage.getStudy(n))) : await storage.listStudies();
  const studies: ReportStudy[] = [];
  for (const [i, record] of records.entries()) {
    if (!record) throw new ConfigError(`no study "${names[i]}" in this storage`, 'metatune report lists all studies when --study is omitted');
    const trials = await storage.getTrials(record.id);
    studies.push({
      name: record.name,
      direction: record.directions[0],
      space: record.space,
      trials: trials.map((t) => ({
        number: t.number,
        state: t.state,
        params: t.params,
        value: t.values?.[0],
        error: t.error,
        durationMs: t.startedAt !== undefined && t.finishedAt !== undefined ? t.finishedAt - t.startedAt : undefined,
      })),
      facts: Object.fromEntries(Object.entries(record.userAttrs).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
    });
  }
  return { title: 'metatune report', generatedAt: new Date().toISOString(), studies, metaRuns };
}

/** Reads the `run.json` of every meta-training run directory under `dir` (or `dir` itself). */
export async function readMetaRuns(dirs: readonly string[]): Promise<ReportMetaRun[]> {
  const runs: ReportMetaRun[] = [];
  for (const dir of dirs) {
    const candidates = [join(dir, 'run.json'), ...(await readdir(dir).catch(() => [] as string[])).map((d) => join(dir, d, 'run.json'))];
    for (const file of candidates) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text) runs.push(JSON.parse(text) as ReportMetaRun);
    }
  }
  return runs;
}

/** Writes `index.html` into `dir` (created if missing) and returns the directory. */
export async function writeReport(dir: string, data: ReportData): Promise<string> {
  const out = resolve(dir);
  try {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'index.html'), renderReport(data));
  } catch (error) {
    throw new ConfigError(`cannot write the report to ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'give a writable --out directory');
  }
  return out;
}

/** `metatune report --storage <url> [--study <name>] [--runs <dir>] [--out <dir>]`. */
export async function reportCommand(options: { storage: string; studies: readonly string[]; runs: readonly string[]; out: string }): Promise<string> {
  const storage = await openStorage(options.storage);
  try {
    const data = await buildStudyReport(storage, options.studies, await readMetaRuns(options.runs));
    return await writeReport(options.out, data);
  } finally {
    await storage.close();
  }
}
