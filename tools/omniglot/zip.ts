/**
 * A minimal zip reader: enough for the Omniglot archives (stored or deflated entries, no zip64,
 * no encryption). Reads the central directory, so entries are found without scanning the data.
 */
import { inflateRawSync } from 'node:zlib';

/** One file inside a zip archive. */
export interface ZipEntry {
  /** Path inside the archive, with forward slashes. */
  readonly name: string;
  /** The uncompressed bytes. */
  read(): Uint8Array;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Lists the file entries (not directories) of a zip archive held in memory. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end-of-central-directory record');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(offset, true) !== CENTRAL_SIGNATURE) throw new Error(`corrupt zip: bad central directory entry ${i}`);
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localOffset = view.getUint32(offset + 42, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    entries.push({
      name,
      read(): Uint8Array {
        if (view.getUint32(localOffset, true) !== LOCAL_SIGNATURE) throw new Error(`corrupt zip: bad local header for ${name}`);
        const start = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
        const data = bytes.subarray(start, start + compressedSize);
        if (method === 0) return data;
        if (method !== 8) throw new Error(`${name}: unsupported zip compression method ${method}`);
        const out = new Uint8Array(inflateRawSync(data));
        if (out.length !== size) throw new Error(`${name}: inflated to ${out.length} bytes, expected ${size}`);
        return out;
      },
    });
  }
  return entries;
}
