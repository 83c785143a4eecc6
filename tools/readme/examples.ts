/**
 * Finds the runnable examples of the package READMEs: fenced `ts` blocks preceded by the marker
 * line `<!-- example: runs -->`. The README test runs each one against the built packages, so
 * "every package has a README with an example that runs" is checked, not promised.
 */
import { readFileSync } from 'node:fs';

/** The marker that makes the next fenced `ts` block a checked example. */
export const RUNS_MARKER = '<!-- example: runs -->';

/** One runnable example. */
export interface ReadmeExample {
  /** 1-based line of the opening fence, for failure messages. */
  readonly line: number;
  readonly code: string;
}

/** The runnable examples of a README's text, in order. */
export function runnableExamples(markdown: string): ReadmeExample[] {
  const lines = markdown.split('\n');
  const examples: ReadmeExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== RUNS_MARKER) continue;
    let open = i + 1;
    while (open < lines.length && lines[open].trim() === '') open++;
    if (!/^```(ts|typescript)\s*$/.test(lines[open] ?? '')) {
      throw new Error(`line ${i + 1}: ${RUNS_MARKER} must be followed by a \`\`\`ts block`);
    }
    const close = lines.findIndex((l, j) => j > open && l.trim() === '```');
    if (close < 0) throw new Error(`line ${open + 1}: the example's code block is not closed`);
    examples.push({ line: open + 1, code: lines.slice(open + 1, close).join('\n') });
    i = close;
  }
  return examples;
}

/** The runnable examples of a README file. */
export function readmeExamples(path: string): ReadmeExample[] {
  return runnableExamples(readFileSync(path, 'utf8'));
}
