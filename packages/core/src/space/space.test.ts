import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetatuneError } from '../errors';
import { makeKey } from '../random/key';
import { Rng } from '../random/rng';
import { categorical, defineSpace, float, int } from './define';
import { decode, encode, isActive } from './encode';
import { sampleUniform } from './sample';
import { validateValues } from './validate';

const space = defineSpace({
  lr: float(1e-4, 1, { log: true }),
  layers: int(1, 4),
  batch: int(16, 256, { log: true }),
  dropout: float(0, 0.5, { step: 0.1 }),
  optimizer: categorical(['sgd', 'adam']),
  momentum: float(0, 0.99, { when: { parent: 'optimizer', values: ['sgd'] } }),
  nesterov: categorical([true, false], { when: { parent: 'momentum', values: [0.9] } }),
});

describe('defineSpace', () => {
  it.each([
    [{ a: float(1, 1) }, /low must be below high/],
    [{ a: float(0, 1, { log: true }) }, /log-scale range must be positive/],
    [{ a: int(0.5, 3) }, /integer bounds/],
    [{ a: categorical([]) }, /non-empty/],
    [{ a: categorical(['x', 'x']) }, /appears twice/],
    [{ a: float(0, 1, { when: { parent: 'b', values: [1] } }) }, /not defined before it/],
    [{ b: categorical(['u']), a: float(0, 1, { when: { parent: 'b', values: ['v'] } }) }, /not a choice of "b"/],
    [{ a: { type: 'uniform', low: 0, high: 1 } }, /unknown type/],
    [{}, /at least one parameter/],
  ])('rejects %j with a message naming the problem', (bad, message) => {
    expect(() => defineSpace(bad as never)).toThrow(message);
    expect(() => defineSpace(bad as never)).toThrow(MetatuneError);
  });
});

describe('unit-cube encoding', () => {
  it('maps log parameters log-linearly and categoricals to bin centres', () => {
    const u = encode(space, { lr: 1e-2, layers: 1, batch: 64, dropout: 0.2, optimizer: 'adam' });
    expect(u[0]).toBeCloseTo(0.5, 12);
    expect(u[1]).toBe(0);
    expect(u[2]).toBeCloseTo(0.5, 12);
    expect(u[4]).toBe(0.75);
    expect(Number.isNaN(u[5])).toBe(true); // momentum inactive for adam
  });

  it('round-trips every valid configuration through encode/decode', () => {
    const rng = new Rng(makeKey(0));
    for (let i = 0; i < 300; i++) {
      const values = sampleUniform(space, rng);
      validateValues(space, values);
      const back = decode(space, encode(space, values));
      expect(back).toEqual(values);
    }
  });

  it('decodes any point of R^d, NaN included, to a valid configuration', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noDefaultInfinity: false }), { minLength: 7, maxLength: 7 }), (point) => {
        const values = decode(space, point);
        validateValues(space, values);
      }),
      { numRuns: 300 },
    );
  });

  it('drops conditional parameters whose parent chain is inactive', () => {
    expect(isActive(space, 'nesterov', { optimizer: 'adam' })).toBe(false);
    expect(isActive(space, 'nesterov', { optimizer: 'sgd', momentum: 0.9 })).toBe(true);
    expect(() => decode(space, [0.5])).toThrow(/needs 7 coordinates/);
  });
});

describe('validateValues', () => {
  const ok = { lr: 0.1, layers: 2, batch: 32, dropout: 0.3, optimizer: 'sgd', momentum: 0.5 };
  it('accepts a valid configuration', () => {
    expect(validateValues(space, ok)).toBe(ok);
  });
  it.each([
    [{ ...ok, lr: 2 }, /"lr" = 2 is outside the space/],
    [{ ...ok, layers: 1.5 }, /"layers"/],
    [{ ...ok, dropout: 0.25 }, /step of 0.1/],
    [{ ...ok, optimizer: 'rmsprop' }, /one of \["sgd","adam"\]/],
    [{ ...ok, extra: 1 }, /unknown parameter "extra"/],
    [{ ...ok, optimizer: 'adam' }, /"momentum" is set but inactive/],
    [{ lr: 0.1 }, /"layers" is missing/],
  ])('rejects %j naming the parameter', (values, message) => {
    expect(() => validateValues(space, values as never)).toThrow(message);
  });
});
