/** The JSON contract between bench files and tools/bench/run.ts. */

/** What every bench prints: its name, where it ran, what it measured. */
export interface BenchResult {
  /** `<area>/<file>` without `.bench.ts`, e.g. `core/dispatch`. */
  readonly bench: string;
  /** From {@link environmentInfo}. */
  readonly environment: Record<string, unknown>;
  /** The settings that produced the numbers (sizes, runs, flags). */
  readonly settings: Record<string, unknown>;
  /** The measurements; shape up to the bench. */
  readonly results: unknown;
  /** Free-text caveats (noise, what is not measured). */
  readonly notes?: readonly string[];
}

/** Marks the JSON line run.ts collects, so that tfjs' own console output cannot be mistaken for it. */
export const RESULT_PREFIX = '@@bench-result ';

/**
 * Prints `result` as one JSON object on stdout (pretty, for humans) followed by one prefixed
 * line (compact, for run.ts).
 */
export function printResult(result: BenchResult): void {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/**
 * Finds the result line a bench printed, or `undefined`. A bench that prints its own JSON object
 * as its last line instead (the long-running comparison benches do, so that their output can be
 * redirected straight into a results file) is taken as it is, under `results`.
 */
export function parseResult(stdout: string, bench = 'unknown'): BenchResult | undefined {
  const lines = stdout.split('\n');
  const marked = [...lines].reverse().find((l) => l.startsWith(RESULT_PREFIX));
  if (marked) return JSON.parse(marked.slice(RESULT_PREFIX.length)) as BenchResult;
  const last = lines.map((l) => l.trim()).filter((l) => l.length > 0).at(-1);
  if (!last?.startsWith('{')) return undefined;
  try {
    return { bench, environment: {}, settings: {}, results: JSON.parse(last) as unknown };
  } catch {
    return undefined;
  }
}
