import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('TypeScript configs', () => {
  it('runs a .ts config with an inline objective, and a .ts objective module', async () => {
    // inside the repository, so the config's `import ... from '@metatune/cli'` resolves as in a user's project
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, 'test-results', 'cli-ts-'));
    writeFileSync(
      join(dir, 'inline.config.ts'),
      `import { defineTuneConfig, type ObjectiveFunction } from '@metatune/cli';
const bowl: ObjectiveFunction = (params) => ((params.x as number) - 1) ** 2 + ((params.y as number) + 2) ** 2;
export default defineTuneConfig({
  study: { name: 'inline', storage: 'sqlite:./studies.db', seed: 3 },
  space: { x: { type: 'float', low: -5, high: 5 }, y: { type: 'float', low: -5, high: 5 } },
  objective: { function: bowl },
  sampler: 'random',
  trials: 10,
});
`,
    );
    writeFileSync(join(dir, 'objective.ts'), `export const space = { x: { type: 'float' as const, low: -5, high: 5 } };
export function objective(params: { x: number }): number { return Math.abs(params.x); }
`);
    writeFileSync(join(dir, 'module.yaml'), ['study:', '  name: module', '  storage: sqlite:./studies.db', 'objective:', '  module: ./objective.ts', 'sampler: random', 'trials: 6'].join('\n'));
    const inline = await run(['tune', 'inline.config.ts'], dir);
    expect(inline.stderr).toBe('');
    expect(inline.code).toBe(0);
    const trials = await trialsOf(dir, 'inline');
    expect(trials.filter((t) => t.state === 'COMPLETE').length).toBe(10);
    for (const t of trials) expect(t.values?.[0]).toBeCloseTo(((t.params.x as number) - 1) ** 2 + ((t.params.y as number) + 2) ** 2, 9);
    const module = await run(['tune', 'module.yaml'], dir);
    expect(module.code).toBe(0);
    const moduleTrials = await trialsOf(dir, 'module');
    expect(moduleTrials.filter((t) => t.state === 'COMPLETE').length).toBe(6);
    for (const t of moduleTrials) expect(t.values?.[0]).toBeCloseTo(Math.abs(t.params.x as number), 9);
  });

  it('rejects an inline objective in a config without a space, naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'nospace.config.ts'), "export default { study: { name: 'n' }, objective: { function: () => 1 }, trials: 2 };\n");
    const result = await run(['tune', 'nospace.config.ts'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nospace.config.ts: space: an inline objective function needs a space section/);
  });
});

describe('metatune meta-train', () => {
  it('resumes a run and reports the whole curve, not only the steps after the resume', async () => {
    const dir = tempDir();
    const config = (steps: number) =>
      [
        'name: sine',
        'learner: { id: maml, options: { model: { type: mlp, sizes: [1, 16, 1] } } }',
        'task: { id: sinusoid }',
        `steps: ${steps}`,
        'batchSize: 4',
        'validation: { every: 10, tasks: 10 }',
        'checkpointEvery: 10',
        'evaluation: { tasks: 10, steps: [0, 1] }',
        'dir: ./run',
      ].join('\n');
    writeFileSync(join(dir, 'sine.yaml'), config(20));
    const first = await run(['meta-train', 'sine.yaml', '--json'], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    writeFileSync(join(dir, 'sine.yaml'), config(40));
    const second = await run(['meta-train', 'sine.yaml', '--resume', '--json'], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/resumed sine from step 20/);
    const saved = JSON.parse(readFileSync(join(dir, 'run', 'run.json'), 'utf8')) as { train: { step: number }[]; validation: { step: number }[] };
    expect(saved.train.map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(saved.validation.map((p) => p.step)).toEqual([10, 20, 30, 40]);
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
