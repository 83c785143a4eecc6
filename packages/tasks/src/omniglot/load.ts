/**
 * Loads the shipped Omniglot file and checks it: size and SHA-256 against the generated
 * manifest, then magic, version and shape in the header.
 */
import { MetatuneError } from '@metatune/core';
import { readDataFile } from '../data-file';
import { type OmniglotData, decodeOmniglot } from './format';
import { OMNIGLOT_MANIFEST } from './manifest.generated';
import { sha256Hex } from './sha256';

let cached: OmniglotData | undefined;

/** Where the Omniglot bytes come from. */
export interface LoadOmniglotOptions {
  /**
   * The file's bytes (an ArrayBuffer from `fetch` in a browser, or a Uint8Array). When omitted,
   * the file shipped in the package's `data/` folder is read (Node only) and cached.
   */
  readonly bytes?: ArrayBuffer | Uint8Array;
  /** Skip the SHA-256 check (for a file you converted yourself with other settings). */
  readonly skipChecksum?: boolean;
}

function corrupt(message: string): MetatuneError {
  return new MetatuneError('DATA_CORRUPT', `omniglot data file: ${message}`, {
    hint: 'reinstall @metatune/tasks, or rebuild the file with `npx tsx tools/omniglot/convert.ts` (which also regenerates the checksum)',
  });
}

/** Checks bytes against the manifest and decodes them; errors name what is wrong. */
export function parseOmniglot(input: ArrayBuffer | Uint8Array, options: { skipChecksum?: boolean } = {}): OmniglotData {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (!options.skipChecksum) {
    if (bytes.length !== OMNIGLOT_MANIFEST.bytes) throw corrupt(`${bytes.length} bytes, expected ${OMNIGLOT_MANIFEST.bytes}`);
    const digest = sha256Hex(bytes);
    if (digest !== OMNIGLOT_MANIFEST.sha256) throw corrupt(`SHA-256 ${digest} does not match the expected ${OMNIGLOT_MANIFEST.sha256}`);
  }
  const data = decodeOmniglot(bytes);
  if (!options.skipChecksum && (data.imageSize !== OMNIGLOT_MANIFEST.imageSize || data.characters !== OMNIGLOT_MANIFEST.characters || data.drawings !== OMNIGLOT_MANIFEST.drawings)) {
    throw corrupt(`shape ${data.characters}x${data.drawings}x${data.imageSize}x${data.imageSize}, expected ${OMNIGLOT_MANIFEST.characters}x${OMNIGLOT_MANIFEST.drawings}x${OMNIGLOT_MANIFEST.imageSize}x${OMNIGLOT_MANIFEST.imageSize}`);
  }
  return data;
}

/**
 * The Omniglot images (242 characters x 20 drawings, 28x28 bits). In Node with no options, reads
 * and verifies the shipped file once per process; in a browser, pass the fetched bytes.
 *
 * @example
 * // browser
 * const bytes = await (await fetch('/omniglot-small.bin')).arrayBuffer();
 * const data = loadOmniglot({ bytes });
 */
export function loadOmniglot(options: LoadOmniglotOptions = {}): OmniglotData {
  if (options.bytes) return parseOmniglot(options.bytes, options);
  cached ??= parseOmniglot(readDataFile(OMNIGLOT_MANIFEST.file));
  return cached;
}
