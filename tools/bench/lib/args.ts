/** Command-line flags of a bench: `--full`, `--runs=9`, `--backends=cpu,wasm`. */
export interface BenchFlags {
  /** The longer, more precise run (`--full`). */
  readonly full: boolean;
  /** Every `--key=value` and bare `--key` (value `'true'`). */
  readonly values: Readonly<Record<string, string>>;
}

/** Parses `argv` (default: this process's arguments). */
export function parseFlags(argv: readonly string[] = process.argv.slice(2)): BenchFlags {
  const values: Record<string, string> = {};
  for (const arg of argv) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (m) values[m[1]] = m[2] ?? 'true';
  }
  return { full: values.full === 'true', values };
}

/** A positive integer flag, or `fallback`. */
export function intFlag(flags: BenchFlags, name: string, fallback: number): number {
  const raw = flags.values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
}

/** A comma-separated list flag, or `fallback`. */
export function listFlag(flags: BenchFlags, name: string, fallback: readonly string[]): string[] {
  const raw = flags.values[name];
  return raw === undefined ? [...fallback] : raw.split(',').filter(Boolean);
}
