/**
 * A minimal PNG decoder for grayscale images (colour type 0, bit depth 1, 2, 4, 8 or 16,
 * no interlacing): what the Omniglot archives contain. Returns intensities in [0, 1].
 */
import { inflateSync } from 'node:zlib';

/** A decoded grayscale image: `pixels[y * width + x]` in [0, 1] (0 black, 1 white). */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Float32Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a grayscale PNG; throws on anything else, naming what is unsupported. */
export function decodeGrayPng(bytes: Uint8Array): GrayImage {
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  const idat: Uint8Array[] = [];
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') {
      width = view.getUint32(16);
      height = view.getUint32(20);
      depth = data[8];
      const colourType = data[9];
      const interlace = data[12];
      if (colourType !== 0) throw new Error(`unsupported PNG colour type ${colourType} (only grayscale)`);
      if (interlace !== 0) throw new Error('interlaced PNGs are not supported');
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
  }
  if (!width || !height) throw new Error('PNG without IHDR');
  const raw = new Uint8Array(inflateSync(Buffer.concat(idat)));
  const bitsPerPixel = depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel / 8); // filter byte distance
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = rows.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      const x = src[i];
      row[i] = (filter === 0 ? x : filter === 1 ? x + a : filter === 2 ? x + b : filter === 3 ? x + ((a + b) >> 1) : filter === 4 ? x + paeth(a, b, c) : NaN) & 0xff;
      if (filter > 4) throw new Error(`bad PNG filter type ${filter}`);
    }
  }
  const pixels = new Float32Array(width * height);
  const max = 2 ** depth - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v: number;
      if (depth === 16) v = (rows[y * stride + 2 * x] << 8) | rows[y * stride + 2 * x + 1];
      else if (depth === 8) v = rows[y * stride + x];
      else {
        const bit = x * depth;
        v = (rows[y * stride + (bit >> 3)] >> (8 - depth - (bit & 7))) & max;
      }
      pixels[y * width + x] = v / max;
    }
  }
  return { width, height, pixels };
}
