import * as tf from '@tensorflow/tfjs-core';
import { MetatuneError } from '../errors';
import { crc32 } from './crc32';
import { checkDtype, checkShape, type SavedDtype } from './json';
import { fromLeaves, leaves, validatePaths } from './tree';
import type { Params } from './types';

/** The four bytes every binary params file starts with: ASCII `MTPR`. */
export const PARAMS_BINARY_MAGIC = 'MTPR';
/** The binary params format version written by {@link saveParamsBinary}. */
export const PARAMS_BINARY_VERSION = 1;

// Layout: magic (4 bytes) | version u32 LE | header length u32 LE | header JSON (UTF-8) |
// zero padding to a multiple of 4 | payload (little-endian float32/int32 values, leaf by leaf).
const PREAMBLE_BYTES = 12;

/** One entry of the binary header: where a leaf's values lie in the payload. */
interface BinaryEntry {
  path: string;
  shape: number[];
  dtype: SavedDtype;
  /** Byte offset from the start of the payload. */
  offset: number;
}

interface BinaryHeader {
  tensors: BinaryEntry[];
  /** Payload length in bytes. */
  payloadBytes: number;
  /** CRC-32 of the payload, to detect corruption. */
  crc32: number;
}

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** 4-byte words in little-endian order: the bytes themselves on a little-endian host, swapped copies otherwise. */
function toLittleEndian(bytes: Uint8Array): Uint8Array {
  if (HOST_IS_LITTLE_ENDIAN) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 4) {
    out[i] = bytes[i + 3];
    out[i + 1] = bytes[i + 2];
    out[i + 2] = bytes[i + 1];
    out[i + 3] = bytes[i];
  }
  return out;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function corrupt(message: string, hint = 'pass bytes made by saveParamsBinary, complete and unmodified'): MetatuneError {
  return new MetatuneError('DATA_CORRUPT', `invalid binary params: ${message}`, { hint });
}

/** Saves a params tree in the compact binary form (header JSON + little-endian payload). */
export function saveParamsBinary(p: Params): Uint8Array {
  const entries: BinaryEntry[] = [];
  const values: (Float32Array | Int32Array)[] = [];
  let payloadBytes = 0;
  for (const [path, t] of leaves(p)) {
    const dtype = checkDtype(t.dtype, path);
    entries.push({ path, shape: [...t.shape], dtype, offset: payloadBytes });
    values.push(t.dataSync() as Float32Array | Int32Array);
    payloadBytes += 4 * t.size;
  }
  // Values are copied as raw bytes (byte-swapped on a big-endian host), so every bit pattern,
  // NaN payloads included, survives.
  const payload = new Uint8Array(payloadBytes);
  entries.forEach((entry, i) => {
    const data = values[i];
    payload.set(toLittleEndian(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)), entry.offset);
  });
  const header: BinaryHeader = { tensors: entries, payloadBytes, crc32: crc32(payload) };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const payloadStart = align4(PREAMBLE_BYTES + headerBytes.length);
  const out = new Uint8Array(payloadStart + payloadBytes);
  out.set(new TextEncoder().encode(PARAMS_BINARY_MAGIC), 0);
  const outView = new DataView(out.buffer);
  outView.setUint32(4, PARAMS_BINARY_VERSION, true);
  outView.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, PREAMBLE_BYTES);
  out.set(payload, payloadStart);
  return out;
}

function parseHeader(bytes: Uint8Array, length: number): BinaryHeader {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + length)));
  } catch (cause) {
    throw corrupt(`the header is not valid UTF-8 JSON (${(cause as Error).message})`);
  }
  const h = header as Partial<BinaryHeader>;
  if (typeof h !== 'object' || h === null || !Array.isArray(h.tensors) || !Number.isSafeInteger(h.payloadBytes) || !Number.isInteger(h.crc32)) {
    throw corrupt('the header lacks tensors, payloadBytes or crc32');
  }
  return h as BinaryHeader;
}

/** Loads a tree saved by {@link saveParamsBinary}; throws `DATA_CORRUPT` on wrong magic, truncation or corruption. */
export function loadParamsBinary(bytes: Uint8Array): Params {
  if (!(bytes instanceof Uint8Array)) {
    throw new MetatuneError('INVALID_ARGUMENT', 'loadParamsBinary needs a Uint8Array', {
      hint: 'pass the bytes returned by saveParamsBinary (e.g. new Uint8Array(await readFile(path)))',
    });
  }
  if (bytes.length < PREAMBLE_BYTES) throw corrupt(`only ${bytes.length} bytes, fewer than the ${PREAMBLE_BYTES}-byte preamble (truncated?)`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== PARAMS_BINARY_MAGIC) {
    throw corrupt(`wrong magic bytes ${JSON.stringify(magic)}, expected "${PARAMS_BINARY_MAGIC}"`, 'this is not a metatune binary params file; JSON params load with loadParamsJson');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== PARAMS_BINARY_VERSION) {
    throw corrupt(`format version ${version} is not supported`, `this version of metatune reads version ${PARAMS_BINARY_VERSION}`);
  }
  const headerLength = view.getUint32(8, true);
  if (PREAMBLE_BYTES + headerLength > bytes.length) throw corrupt(`the header (${headerLength} bytes) runs past the end of the data (truncated?)`);
  const header = parseHeader(bytes, headerLength);
  const payloadStart = align4(PREAMBLE_BYTES + headerLength);
  const expected = payloadStart + header.payloadBytes;
  if (bytes.length !== expected) {
    throw corrupt(`${bytes.length} bytes, the header announces ${expected}${bytes.length < expected ? ' (truncated?)' : ''}`);
  }
  const payload = bytes.subarray(payloadStart, expected);
  if (crc32(payload) !== header.crc32) throw corrupt('the payload checksum does not match (the data was modified or damaged)');
  // Validate all entries before creating any tensor, so a bad file leaks nothing.
  const decoded = header.tensors.map((entry) => {
    const path = String(entry?.path);
    const size = checkShape(entry?.shape, path, (m) => corrupt(m));
    if (entry.dtype !== 'float32' && entry.dtype !== 'int32') throw corrupt(`tensor '${path}' has dtype ${JSON.stringify(entry.dtype)}`);
    const dtype: SavedDtype = entry.dtype;
    if (!Number.isSafeInteger(entry.offset) || entry.offset < 0 || entry.offset + 4 * size > header.payloadBytes) {
      throw corrupt(`tensor '${path}' lies outside the payload`);
    }
    const raw = toLittleEndian(bytes.slice(payloadStart + entry.offset, payloadStart + entry.offset + 4 * size));
    const values = dtype === 'float32' ? new Float32Array(raw.buffer) : new Int32Array(raw.buffer);
    return [path, entry.shape, dtype, values] as const;
  });
  validatePaths(decoded.map(([path]) => path));
  return fromLeaves(decoded.map(([path, shape, dtype, values]) => [path, tf.tensor(values, shape, dtype)] as const));
}
