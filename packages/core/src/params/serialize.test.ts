import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetatuneError } from '../errors';
import { useBackend } from '../testing/backends';
import { loadParamsBinary, saveParamsBinary } from './binary';
import { loadParamsJson, saveParamsJson } from './json';
import { leaves, mapParams, shapesOf } from './tree';
import type { Params } from './types';

beforeAll(() => useBackend('cpu'));

/** Awkward float32 values on purpose: subnormals, extremes, -0, NaN, infinities, non-decimal fractions. */
const tricky = new Float32Array([Math.PI, -1 / 3, 1e-45, 3.4028234663852886e38, -0, NaN, Infinity, -Infinity, 0.1, 1e-7]);

const make = (): Params => ({
  conv: { w: tf.tensor(tricky, [2, 5]), b: tf.tensor1d([1.5, -2.25]) },
  step: tf.scalar(7, 'int32'),
  empty: tf.zeros([0, 3]),
});

function bits(p: Params): Record<string, string> {
  return Object.fromEntries(
    leaves(p).map(([path, t]) => {
      const data = t.dataSync() as Float32Array | Int32Array;
      return [path, `${t.dtype}:${t.shape.join('x')}:${Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length)).join(',')}`];
    }),
  );
}

function expectCorrupt(f: () => unknown, text: RegExp): void {
  const before = tf.memory().numTensors;
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MetatuneError);
    expect((e as MetatuneError).code).toBe('DATA_CORRUPT');
    expect((e as MetatuneError).message).toMatch(text);
    expect(tf.memory().numTensors).toBe(before);
    return;
  }
  throw new Error('expected DATA_CORRUPT');
}

describe('params serialization', () => {
  it('JSON round trip is bit-exact through JSON text, order and dtypes kept', () => {
    const p = make();
    const json = saveParamsJson(p);
    expect(json.format).toBe('metatune.params');
    expect(json.version).toBe(1);
    const back = loadParamsJson(JSON.parse(JSON.stringify(json)));
    expect(bits(back)).toEqual(bits(p));
    expect(Object.keys(shapesOf(back))).toEqual(Object.keys(shapesOf(p)));
    expect(Object.is(back.conv && ((back.conv as Params).w as tf.Tensor).dataSync()[4], -0)).toBe(true);
  });

  it('binary round trip is bit-exact and little-endian with the MTPR magic', () => {
    const p = make();
    const bytes = saveParamsBinary(p);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('MTPR');
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(1);
    expect(bits(loadParamsBinary(bytes))).toEqual(bits(p));
    // Payload ends with the int32 step 7 then nothing for the empty leaf: little-endian 07 00 00 00.
    expect(Array.from(bytes.subarray(bytes.length - 4))).toEqual([7, 0, 0, 0]);
    // A view into a larger buffer at an odd offset loads too.
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(bits(loadParamsBinary(shifted.subarray(3)))).toEqual(bits(p));
  });

  it('round-trips random trees of random float32 bit patterns through both forms', () => {
    const leaf = fc
      .tuple(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), fc.boolean())
      .chain(([shape, isInt]) =>
        fc.tuple(fc.constant(shape), fc.constant(isInt), fc.array(fc.integer(), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) })),
      );
    const name = fc.stringMatching(/^[a-z0-9_.-]{1,6}$/);
    fc.assert(
      fc.property(fc.dictionary(name, fc.oneof(leaf, fc.dictionary(name, leaf, { minKeys: 1, maxKeys: 3 })), { maxKeys: 4 }), (spec) => {
        tf.tidy(() => {
          const build = ([shape, isInt, words]: [number[], boolean, number[]]): tf.Tensor =>
            isInt ? tf.tensor(Int32Array.from(words), shape, 'int32') : tf.tensor(new Float32Array(Int32Array.from(words).buffer), shape, 'float32');
          const p: Params = {};
          for (const [k, v] of Object.entries(spec)) {
            p[k] = Array.isArray(v) ? build(v) : Object.fromEntries(Object.entries(v).map(([k2, v2]) => [k2, build(v2)]));
          }
          expect(bits(loadParamsBinary(saveParamsBinary(p)))).toEqual(bits(p));
          // JSON has one NaN: payloads of NaNs become the canonical quiet NaN, all else is exact.
          const canonical = (q: Params): Record<string, string> => bits(mapParams(q, (t) => (t.dtype === 'float32' ? tf.where(tf.isNaN(t), tf.fill(t.shape, NaN), t) : t)));
          expect(canonical(loadParamsJson(JSON.parse(JSON.stringify(saveParamsJson(p)))))).toEqual(canonical(p));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('binary load rejects wrong magic, truncation, bit flips and bad versions', () => {
    const bytes = saveParamsBinary(make());
    const copy = (): Uint8Array => bytes.slice();
    const wrong = copy();
    wrong[0] = 'X'.charCodeAt(0);
    expectCorrupt(() => loadParamsBinary(wrong), /wrong magic/);
    expectCorrupt(() => loadParamsBinary(bytes.subarray(0, 8)), /preamble/);
    expectCorrupt(() => loadParamsBinary(bytes.subarray(0, 40)), /header.*past the end/);
    expectCorrupt(() => loadParamsBinary(bytes.subarray(0, bytes.length - 1)), /truncated/);
    const flipped = copy();
    flipped[flipped.length - 6] ^= 0x10;
    expectCorrupt(() => loadParamsBinary(flipped), /checksum/);
    const version = copy();
    new DataView(version.buffer).setUint32(4, 9, true);
    expectCorrupt(() => loadParamsBinary(version), /version 9/);
    const header = copy();
    header[13] = 0xff;
    expectCorrupt(() => loadParamsBinary(header), /header/);
  });

  it('JSON load rejects wrong format, counts and values', () => {
    const json = saveParamsJson(make());
    expectCorrupt(() => loadParamsJson({ ...json, format: 'other' }), /format/);
    expectCorrupt(() => loadParamsJson({ ...json, version: 2 }), /version 2/);
    expectCorrupt(() => loadParamsJson(null), /not an object/);
    const short = structuredClone(json);
    short.tensors['conv/b'].data.pop();
    expectCorrupt(() => loadParamsJson(short), /conv\/b.*1 values/);
    const bad = structuredClone(json);
    (bad.tensors['conv/b'].data as unknown[])[0] = 'x';
    expectCorrupt(() => loadParamsJson(bad), /"x"/);
    const dtype = structuredClone(json);
    (dtype.tensors['conv/b'] as { dtype: string }).dtype = 'float64';
    expectCorrupt(() => loadParamsJson(dtype), /conv\/b.*"float64"/);
  });
});
