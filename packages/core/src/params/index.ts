export type { Params } from './types';
export {
  PATH_SEPARATOR,
  isTensor,
  leaves,
  mapParams,
  zipParams,
  assertSameShape,
  assertSameShapes,
  addParams,
  subParams,
  scaleParams,
  axpy,
  countParams,
  cloneParams,
  disposeParams,
  shapesOf,
  validatePaths,
  fromLeaves,
} from './tree';
export { flattenParams, unflattenParams } from './flatten';
export {
  PARAMS_JSON_FORMAT,
  PARAMS_JSON_VERSION,
  type ParamsJson,
  type SavedTensor,
  type SavedNumber,
  type SavedDtype,
  saveParamsJson,
  loadParamsJson,
} from './json';
export { PARAMS_BINARY_MAGIC, PARAMS_BINARY_VERSION, saveParamsBinary, loadParamsBinary } from './binary';
