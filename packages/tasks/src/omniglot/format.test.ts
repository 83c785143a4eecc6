import { describe, expect, it } from 'vitest';
import { MetatuneError } from '@metatune/core';
import { decodeOmniglot, encodeOmniglot, type OmniglotData } from './format';

const data: OmniglotData = {
  imageSize: 5,
  characters: 2,
  drawings: 3,
  metadata: { alphabets: ['A'], characters: [{ alphabet: 0, name: 'c1' }, { alphabet: 0, name: 'c2' }], source: 'test' },
  pixels: Uint8Array.from({ length: 2 * 3 * 25 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0),
};

describe('omniglot format', () => {
  it('round-trips images and metadata through packed bits', () => {
    const back = decodeOmniglot(encodeOmniglot(data));
    expect(back.pixels).toEqual(data.pixels);
    expect(back.metadata).toEqual(data.metadata);
    expect([back.imageSize, back.characters, back.drawings]).toEqual([5, 2, 3]);
  });

  it('says what is wrong with a damaged file', () => {
    const bytes = encodeOmniglot(data);
    const bad = bytes.slice();
    bad[0] = 0x58;
    expect(() => decodeOmniglot(bad)).toThrow(/starts with "XTOMNIGL"/);
    expect(() => decodeOmniglot(bytes.subarray(0, bytes.length - 1))).toThrow(/the header implies/);
    expect(() => decodeOmniglot(bytes.subarray(0, 10))).toThrow(/shorter than the 28-byte header/);
    const version = bytes.slice();
    version[8] = 9;
    expect(() => decodeOmniglot(version)).toThrow(/format version 9/);
    try {
      decodeOmniglot(bad);
    } catch (e) {
      expect((e as MetatuneError).code).toBe('DATA_CORRUPT');
    }
  });
});
