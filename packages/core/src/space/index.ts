export type { ParamValue, ParamValues, Condition, FloatParam, IntParam, CategoricalParam, ParamSpec, SearchSpace } from './types';
export { defineSpace, float, int, categorical, type NumericOptions } from './define';
export { encode, decode, encodeValue, decodeValue, isActive } from './encode';
export { validateValues } from './validate';
export { sampleUniform } from './sample';
