/**
 * Runs every registered bench (`tools/bench/<area>/*.bench.ts`) one after another, each in its
 * own process, and writes what each printed to `bench-results/<area>-<name>.json` plus an index
 * `bench-results/summary.json`. Build the packages first (`npm run build`), or pass `--build`.
 *
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/run.ts [--build] [--filter=core] [--full] [--out=bench-results]
 *
 * Flags other than --build, --filter and --out are passed on to every bench (e.g. --full).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environmentInfo, parseFlags, parseResult } from './lib';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..', '..');
const flags = parseFlags();
const outDir = join(root, flags.values.out ?? 'bench-results');
const filter = flags.values.filter;
const passOn = process.argv.slice(2).filter((a) => !/^--(build|filter|out)(=|$)/.test(a));

/** Every `<area>/*.bench.ts` under tools/bench, sorted; `lib` is not an area. */
export function findBenches(dir: string = benchDir): string[] {
  const files: string[] = [];
  for (const area of readdirSync(dir).sort()) {
    const areaDir = join(dir, area);
    if (area === 'lib' || area === 'node_modules' || !statSync(areaDir).isDirectory()) continue;
    for (const f of readdirSync(areaDir).sort()) if (f.endsWith('.bench.ts')) files.push(join(areaDir, f));
  }
  return files;
}

if (flags.values.build === 'true') {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const tsx = join(root, 'node_modules', '.bin', 'tsx');
const benches = findBenches().filter((f) => !filter || relative(benchDir, f).includes(filter));
mkdirSync(outDir, { recursive: true });
const summary: { bench: string; file: string; status: 'ok' | 'failed'; seconds: number; output?: string; error?: string }[] = [];
for (const file of benches) {
  const id = relative(benchDir, file).replace(/\.bench\.ts$/, '');
  process.stderr.write(`\n=== ${id}\n`);
  const start = performance.now();
  const run = spawnSync(existsSync(tsx) ? tsx : 'npx', [...(existsSync(tsx) ? [] : ['tsx']), '--tsconfig', join(benchDir, 'tsconfig.json'), file, ...passOn], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Math.round((performance.now() - start) / 100) / 10;
  const result = run.status === 0 ? parseResult(run.stdout, id) : undefined;
  if (!result) {
    const error = run.status === 0 ? 'the bench printed no result line (printResult from tools/bench/lib, or one JSON object as its last line)' : `exit code ${run.status ?? run.signal}`;
    process.stderr.write(`${id}: FAILED (${error})\n${run.stdout.slice(-4000)}\n`);
    summary.push({ bench: id, file: relative(root, file), status: 'failed', seconds, error });
    continue;
  }
  const output = join(outDir, `${id.replace(/\//g, '-')}.json`);
  writeFileSync(output, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`${id}: ok in ${seconds} s -> ${relative(root, output)}\n`);
  summary.push({ bench: id, file: relative(root, file), status: 'ok', seconds, output: relative(root, output) });
}
writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify({ environment: environmentInfo(), flags: passOn, benches: summary }, null, 2)}\n`);
const failed = summary.filter((s) => s.status === 'failed').length;
process.stdout.write(`${JSON.stringify({ benches: summary.length, failed, results: relative(root, outDir) })}\n`);
process.exit(failed > 0 ? 1 : 0);
