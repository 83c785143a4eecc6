/**
 * Class splits for few-shot classification: meta-train / meta-validation / meta-test classes,
 * fixed by a seed and disjoint by construction (a permutation cut into three pieces).
 */
import { type Split, MetatuneError, makeKey, random } from '@metatune/core';

/** Fractions of the units (classes or groups) that go to each split; they must sum to 1. */
export type SplitFractions = Readonly<Record<Split, number>>;

/** The classes of each split, sorted ascending. */
export type ClassSplits = Readonly<Record<Split, Int32Array>>;

/** Splits the default Omniglot-style experiments use: 60% / 10% / 30%. */
export const DEFAULT_SPLIT_FRACTIONS: SplitFractions = { train: 0.6, validation: 0.1, test: 0.3 };

/**
 * Assigns classes to splits. With `groups` (one group id per class), whole groups move together
 * (Omniglot by alphabet); otherwise classes are split individually.
 */
export function splitClasses(classes: number, seed: number, fractions: SplitFractions = DEFAULT_SPLIT_FRACTIONS, groups?: Int32Array): ClassSplits {
  const total = fractions.train + fractions.validation + fractions.test;
  if (![fractions.train, fractions.validation, fractions.test].every((f) => f >= 0) || Math.abs(total - 1) > 1e-9) {
    throw new MetatuneError('INVALID_ARGUMENT', `split fractions must be >= 0 and sum to 1, got ${JSON.stringify(fractions)}`);
  }
  const unitOf = groups ?? Int32Array.from({ length: classes }, (_, i) => i);
  if (unitOf.length !== classes) throw new MetatuneError('SHAPE_MISMATCH', `${unitOf.length} group ids for ${classes} classes`);
  const units = [...new Set(unitOf)].sort((a, b) => a - b);
  const order = random.permutation(makeKey(seed), units.length);
  const nTrain = Math.round(fractions.train * units.length);
  const nValidation = Math.round(fractions.validation * units.length);
  const splitOfUnit = new Map<number, Split>();
  order.forEach((u, rank) => splitOfUnit.set(units[u], rank < nTrain ? 'train' : rank < nTrain + nValidation ? 'validation' : 'test'));
  const pick = (s: Split) => Int32Array.from({ length: classes }, (_, c) => c).filter((c) => splitOfUnit.get(unitOf[c]) === s);
  return { train: pick('train'), validation: pick('validation'), test: pick('test') };
}
