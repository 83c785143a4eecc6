import { deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeGrayPng } from './png';
import { readZip } from './zip';
import { areaDownsample } from './downsample';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}
/** A 1-bit grayscale PNG of `pixels` (0/1), every row with filter `filter` (0 none, 2 up). */
function png1bit(width: number, height: number, pixels: number[], filter: number): Uint8Array {
  const stride = Math.ceil(width / 8);
  const rows: number[] = [];
  let prev = new Array<number>(stride).fill(0);
  for (let y = 0; y < height; y++) {
    const row = new Array<number>(stride).fill(0);
    for (let x = 0; x < width; x++) if (pixels[y * width + x]) row[x >> 3] |= 0x80 >> (x & 7);
    rows.push(filter, ...row.map((v, i) => (filter === 2 ? (v - prev[i]) & 255 : v)));
    prev = row;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', new Uint8Array(0))]);
}
/** A zip with one stored and one deflated entry. */
function zip(entries: { name: string; data: Uint8Array; deflate: boolean }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : Buffer.from(e.data);
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

describe('Omniglot conversion readers', () => {
  const w = 11;
  const h = 5;
  const pixels = Array.from({ length: w * h }, (_, i) => ((i * 7) % 5 === 0 ? 1 : 0));

  it('decodes 1-bit grayscale PNGs with none and up filters', () => {
    for (const filter of [0, 2]) {
      const img = decodeGrayPng(png1bit(w, h, pixels, filter));
      expect([img.width, img.height]).toEqual([w, h]);
      expect(Array.from(img.pixels)).toEqual(pixels);
    }
    expect(() => decodeGrayPng(new Uint8Array(20))).toThrow(/not a PNG/);
  });

  it('reads stored and deflated zip entries and skips directories', () => {
    const a = Uint8Array.from({ length: 300 }, (_, i) => i % 7);
    const b = png1bit(w, h, pixels, 0);
    const entries = readZip(zip([{ name: 'dir/', data: new Uint8Array(0), deflate: false }, { name: 'dir/a.bin', data: a, deflate: false }, { name: 'dir/b.png', data: b, deflate: true }]));
    expect(entries.map((e) => e.name)).toEqual(['dir/a.bin', 'dir/b.png']);
    expect(Array.from(entries[0].read())).toEqual(Array.from(a));
    expect(Array.from(decodeGrayPng(entries[1].read()).pixels)).toEqual(pixels);
    expect(() => readZip(new Uint8Array(100))).toThrow(/not a zip/);
  });

  it('area downsampling preserves the mean and averages whole blocks exactly', () => {
    const src = Float32Array.from({ length: 16 }, (_, i) => i);
    expect(Array.from(areaDownsample(src, 4, 2))).toEqual([2.5, 4.5, 10.5, 12.5]);
    const odd = Float32Array.from({ length: 105 * 105 }, (_, i) => (i * 13) % 17);
    const small = areaDownsample(odd, 105, 28);
    const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(small)).toBeCloseTo(mean(odd), 3);
  });
});
