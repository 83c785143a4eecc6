import { type Key, type Split, foldIn } from '@metatune/core';

// Distinct tags (ASCII "TRN", "VAL", "TST") so each split draws from its own key domain.
const SPLIT_TAGS: Record<Split, number> = { train: 0x54524e, validation: 0x56414c, test: 0x545354 };

/**
 * The key a split draws from: the user key folded with a per-split tag. The same user key thus
 * gives unrelated tasks in meta-train and meta-test, which is how families with continuous
 * parameters (sinusoids, function families) keep their splits apart.
 */
export function splitKey(key: Key, split: Split): Key {
  return foldIn(key, SPLIT_TAGS[split]);
}
