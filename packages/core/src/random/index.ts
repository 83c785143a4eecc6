export { type Key, makeKey, assertKey, split, foldIn, randomBits } from './key';
export { uniform, normal, randint, permutation, choiceWithoutReplacement } from './sample';
export { Rng } from './rng';
