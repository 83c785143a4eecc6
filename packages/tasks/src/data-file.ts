/**
 * Reads a file shipped in this package's `data/` folder. This module sits directly in `src/`
 * so that `../data/` resolves to the package's data folder both from `src/` (tests) and from
 * `dist/index.js` (the built bundle).
 */
import { MetatuneError } from '@metatune/core';

interface NodeFs {
  readFileSync(path: URL): Uint8Array;
}

/** The URL of a shipped data file. */
export function dataFileUrl(name: string): URL {
  return new URL(`../data/${name}`, import.meta.url);
}

/**
 * The bytes of a shipped data file, in Node. Uses `process.getBuiltinModule` (Node >= 20.16) so
 * that the bundle holds no `node:` import and still loads in browsers, where this throws a
 * `DATA_MISSING` error that says to pass the bytes instead.
 */
export function readDataFile(name: string): Uint8Array {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
  const url = dataFileUrl(name);
  if (!fs) {
    throw new MetatuneError('DATA_MISSING', `cannot read ${name}: no file system here (not Node >= 20.16)`, {
      hint: `fetch ${url.href} (or your copy of it) and pass its bytes: new Uint8Array(await (await fetch(url)).arrayBuffer())`,
    });
  }
  try {
    return new Uint8Array(fs.readFileSync(url));
  } catch (cause) {
    throw new MetatuneError('DATA_MISSING', `the data file ${url.pathname} could not be read (${(cause as Error).message})`, {
      hint: 'reinstall @metatune/tasks (the file ships in its data/ folder) or rebuild it with `npx tsx tools/omniglot/convert.ts`',
      cause,
    });
  }
}
