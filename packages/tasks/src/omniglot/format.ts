/**
 * The binary format of the shipped Omniglot file (`data/omniglot-small.bin`), little endian:
 *
 * | bytes | content |
 * |---|---|
 * | 8 | magic `MTOMNIGL` |
 * | 4 x 5 | uint32 version (1), image size S, characters C, drawings per character D, metadata length M |
 * | M | UTF-8 JSON {@link OmniglotMetadata} |
 * | C x D x ceil(S*S/8) | images, character-major, each S*S bits row-major, most significant bit first; 1 = ink |
 */
import { MetatuneError } from '@metatune/core';

/** The magic bytes that open the file. */
export const OMNIGLOT_MAGIC = 'MTOMNIGL';
/** The format version this package reads and writes. */
export const OMNIGLOT_FORMAT_VERSION = 1;
const HEADER_BYTES = 8 + 4 * 5;

/** Names stored in the file: alphabets, and for each character its alphabet and folder name. */
export interface OmniglotMetadata {
  /** Alphabet names, e.g. `Greek`. */
  readonly alphabets: readonly string[];
  /** One entry per character (class), in file order. */
  readonly characters: readonly { readonly alphabet: number; readonly name: string }[];
  /** How the file was made (archive names, downsampling, threshold). */
  readonly source: string;
}

/** The decoded contents: one bit (0/1 byte) per pixel, `pixels[((c * D + d) * S + y) * S + x]`. */
export interface OmniglotData {
  readonly imageSize: number;
  readonly characters: number;
  readonly drawings: number;
  readonly metadata: OmniglotMetadata;
  /** Ink mask, 0 or 1 per pixel, length C * D * S * S. */
  readonly pixels: Uint8Array;
}

function corrupt(message: string): MetatuneError {
  return new MetatuneError('DATA_CORRUPT', `omniglot data file: ${message}`, {
    hint: 'rebuild it with `npx tsx tools/omniglot/convert.ts` or reinstall @metatune/tasks',
  });
}

/** Serialises images (0/1 bytes, character-major) into the shipped format. */
export function encodeOmniglot(data: OmniglotData): Uint8Array {
  const { imageSize: s, characters: c, drawings: d } = data;
  const meta = new TextEncoder().encode(JSON.stringify(data.metadata));
  const perImage = Math.ceil((s * s) / 8);
  const out = new Uint8Array(HEADER_BYTES + meta.length + c * d * perImage);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(OMNIGLOT_MAGIC), 0);
  [OMNIGLOT_FORMAT_VERSION, s, c, d, meta.length].forEach((v, i) => view.setUint32(8 + 4 * i, v, true));
  out.set(meta, HEADER_BYTES);
  const base = HEADER_BYTES + meta.length;
  for (let img = 0; img < c * d; img++) {
    for (let p = 0; p < s * s; p++) {
      if (data.pixels[img * s * s + p]) out[base + img * perImage + (p >> 3)] |= 0x80 >> (p & 7);
    }
  }
  return out;
}

/** Parses the shipped format, checking magic, version and sizes; errors say what is wrong. */
export function decodeOmniglot(bytes: Uint8Array): OmniglotData {
  if (bytes.length < HEADER_BYTES) throw corrupt(`${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== OMNIGLOT_MAGIC) throw corrupt(`starts with ${JSON.stringify(magic)}, not ${OMNIGLOT_MAGIC}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, s, c, d, metaLength] = [0, 1, 2, 3, 4].map((i) => view.getUint32(8 + 4 * i, true));
  if (version !== OMNIGLOT_FORMAT_VERSION) throw corrupt(`format version ${version}, this package reads version ${OMNIGLOT_FORMAT_VERSION}`);
  const perImage = Math.ceil((s * s) / 8);
  const expected = HEADER_BYTES + metaLength + c * d * perImage;
  if (bytes.length !== expected) throw corrupt(`${bytes.length} bytes, the header implies ${expected} (${c} characters x ${d} drawings of ${s}x${s})`);
  let metadata: OmniglotMetadata;
  try {
    metadata = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + metaLength))) as OmniglotMetadata;
  } catch (cause) {
    throw corrupt(`metadata is not valid JSON (${String(cause)})`);
  }
  if (!Array.isArray(metadata.characters) || metadata.characters.length !== c) throw corrupt(`metadata lists ${metadata.characters?.length} characters, the header says ${c}`);
  const pixels = new Uint8Array(c * d * s * s);
  const base = HEADER_BYTES + metaLength;
  for (let img = 0; img < c * d; img++) {
    const offset = base + img * perImage;
    for (let p = 0; p < s * s; p++) pixels[img * s * s + p] = (bytes[offset + (p >> 3)] >> (7 - (p & 7))) & 1;
  }
  return { imageSize: s, characters: c, drawings: d, metadata, pixels };
}
