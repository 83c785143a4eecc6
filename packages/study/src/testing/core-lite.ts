/**
 * The part of @metatune/core that the study engine uses at run time, without TensorFlow.js:
 * worker child processes of the reliability tests are bundled against this so that they start in
 * milliseconds and do not load tfjs (test-only).
 */
export * from '../../../core/src/errors';
export { type Key, makeKey, split, foldIn, assertKey, Rng } from '../../../core/src/random';
export * as random from '../../../core/src/random';
export { defineSpace, float, int, categorical, validateValues, isActive } from '../../../core/src/space';
export * as space from '../../../core/src/space';
export * from '../../../core/src/registry';
