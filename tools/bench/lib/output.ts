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

/** Finds the result line a bench printed, or `undefined`. */
export function parseResult(stdout: string): BenchResult | undefined {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith(RESULT_PREFIX));
  return line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult) : undefined;
}
