/**
 * @metatune/core: the autodiff facade (params trees, higher-order gradients that are right, nn,
 * losses, optim, random), the search-space vocabulary, the contracts every plugin implements,
 * and the typed plugin registry.
 *
 * @packageDocumentation
 */
import './gradients';
import * as tf from '@tensorflow/tfjs-core';

/** The tfjs-core namespace metatune runs on (a peer dependency: one engine per app). */
export { tf };

export * from './errors';
export { type Key, makeKey, split, foldIn, assertKey, Rng } from './random';
export * as random from './random';
export { defineSpace, float, int, categorical, validateValues, isActive, type NumericOptions } from './space';
export type { ParamValue, ParamValues, Condition, FloatParam, IntParam, CategoricalParam, ParamSpec, SearchSpace } from './space';
export * as space from './space';
export * from './contracts';
export * from './registry';
export * from './autodiff';
export * from './params';
export * as tree from './params';
export * as nn from './nn';
export * as losses from './losses';
export * as optim from './optim';
export * as training from './training';
