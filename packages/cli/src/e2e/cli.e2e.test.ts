import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStorage } from '@metatune/study';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt, run, start, tempDir } from './harness';

beforeAll(() => ensureBuilt(), 600_000);

function tuneConfig(dir: string, name: string, lines: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, [`study:`, `  name: ${name}`, `  storage: sqlite:./studies.db`, ...lines].join('\n'));
  return file;
}

async function trialsOf(dir: string, study: string) {
  const storage = await openStorage(`sqlite:${join(dir, 'studies.db')}`);
  try {
    const record = await storage.getStudy(study);
    return record ? await storage.getTrials(record.id) : [];
  } finally {
    await storage.close();
  }
}

const SLOW_OBJECTIVE = `export const space = { x: { type: 'float', low: -5, high: 5 } };
export async function objective(params) { await new Promise((r) => setTimeout(r, 150)); return params.x ** 2; }\n`;

describe('metatune tune', () => {
  const GRID = '{ id: grid, options: { values: { x0: [-5, 0, 5, 10], x1: [0, 5, 10] } } }';
  it.each(['random', 'grid', 'gp', 'tpe', 'cmaes', 'de', 'pso', 'ga'])('runs a Branin study with the %s sampler', async (sampler) => {
    const dir = tempDir();
    const file = tuneConfig(dir, `branin-${sampler}`, ['objective:', '  task: branin', `sampler: ${sampler === 'grid' ? GRID : sampler}`, 'trials: 12']);
    const result = await run(['tune', file], dir);
    if (result.stderr.includes('unknown sampler')) {
      // a sampler package that is not installed is reported with the installed ones
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/installed: /);
      return;
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const trials = await trialsOf(dir, `branin-${sampler}`);
    expect(trials.filter((t) => t.state === 'COMPLETE').length).toBe(12);
    expect(result.stdout).toMatch(/done: best/);
  });

  it('stops cleanly on Ctrl-C and resumes to the full count', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'objective.mjs'), SLOW_OBJECTIVE);
    const file = tuneConfig(dir, 'slow', ['objective:', '  module: ./objective.mjs', 'sampler: random', 'trials: 25']);
    const first = start(['tune', file], dir);
    await new Promise((r) => setTimeout(r, 2500));
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.stdout).toMatch(/interrupted/);
    const partial = await trialsOf(dir, 'slow');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(25);
    expect(partial.every((t) => t.state === 'COMPLETE')).toBe(true);
    const second = await run(['tune', file], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`resuming after ${partial.length}`));
    const all = await trialsOf(dir, 'slow');
    expect(all.filter((t) => t.state === 'COMPLETE').length).toBe(25);
    expect(new Set(all.map((t) => t.number)).size).toBe(all.length);
  });

  it('lets two worker processes share one SQLite study', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'objective.mjs'), SLOW_OBJECTIVE);
    const file = tuneConfig(dir, 'shared', ['objective:', '  module: ./objective.mjs', 'sampler: random', 'trials: 20']);
    const created = await run(['tune', file, '--trials', '1'], dir);
    expect(created.code).toBe(0);
    const [a, b] = await Promise.all([run(['worker', '--config', file, '--json'], dir), run(['worker', '--config', file, '--json'], dir)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const trials = await trialsOf(dir, 'shared');
    const complete = trials.filter((t) => t.state === 'COMPLETE');
    // each worker stops once the study holds 20 trials; one may have started its last as the other finished
    expect(complete.length).toBeGreaterThanOrEqual(20);
    expect(complete.length).toBeLessThanOrEqual(21);
    expect(new Set(trials.map((t) => t.number)).size).toBe(trials.length);
    const events = (a.stdout + b.stdout).trim().split('\n').map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'trial').length).toBe(complete.length - 1);
  });
});

describe('bad usage and configs exit with 2 and say what to fix', () => {
  it.each([
    ['unknown plugin', ['objective:', '  task: branin', 'sampler: no-such-sampler', 'trials: 3'], /sampler: unknown sampler "no-such-sampler" \(installed: .*gp/],
    ['wrong option type', ['objective:', '  task: branin', 'trials: three'], /trials: .*expected number/i],
    ['unknown task', ['objective:', '  task: no-such-task', 'trials: 3'], /objective.task: unknown task "no-such-task" \(installed: .*branin/],
    ['missing objective module', ['objective:', '  module: ./missing.mjs', 'trials: 3'], /objective.module: no such file .\/missing.mjs/],
  ])('%s', async (name, lines, message) => {
    const dir = tempDir();
    const file = tuneConfig(dir, name.replace(/ /g, '-'), lines);
    const result = await run(['tune', file], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(file);
  });

  it('an unwritable report directory', async () => {
    const dir = tempDir();
    const file = tuneConfig(dir, 'ro', ['objective:', '  task: branin', 'sampler: random', 'trials: 2']);
    expect((await run(['tune', file], dir)).code).toBe(0);
    // a path below a regular file cannot be created, whoever runs the test (root too)
    writeFileSync(join(dir, 'a-file'), 'not a directory');
    const target = join(dir, 'a-file', 'report');
    const result = await run(['report', '--storage', 'sqlite:./studies.db', '--out', target], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write the report to .*writable --out/);
  });

  it('unknown commands and missing arguments', async () => {
    const dir = tempDir();
    expect((await run(['frobnicate'], dir)).code).toBe(2);
    expect((await run(['tune'], dir)).stderr).toMatch(/exactly one config file/);
    expect((await run(['tune', 'nope.yaml'], dir)).stderr).toMatch(/nope.yaml: no such config file/);
    expect((await run(['--bogus'], dir)).code).toBe(2);
  });
});

describe('metatune report', () => {
  it('renders every plot in headless Chromium without console errors', async (ctx) => {
    if (!existsSync('/usr/bin/chromium')) ctx.skip(true, 'Debian chromium is not installed (CI installs it)');
    const dir = tempDir();
    const file = tuneConfig(dir, 'report', ['objective:', '  task: hartmann3', 'sampler: random', 'trials: 15']);
    expect((await run(['tune', file], dir)).code).toBe(0);
    const result = await run(['report', '--storage', 'sqlite:./studies.db', '--out', 'out'], dir);
    expect(result.code).toBe(0);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`file://${join(dir, 'out', 'index.html')}`);
      const plots = await page.$$eval('svg', (svgs) => svgs.map((s) => ({ marks: s.querySelectorAll('circle,polyline,rect,polygon').length, width: s.getBoundingClientRect().width })));
      // history, importance, parallel coordinates, and one slice per parameter of Hartmann3
      expect(plots.length).toBe(6);
      for (const p of plots) {
        expect(p.marks).toBeGreaterThan(0);
        expect(p.width).toBeGreaterThan(100);
      }
      expect(errors).toEqual([]);
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-results', 'cli-report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
