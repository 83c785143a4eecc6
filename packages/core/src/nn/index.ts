export type { Module, ModuleHead, ApplyOptions, Activation, MlpArchitecture } from './module';
export { activation } from './module';
export { type InitScheme, INIT_SCHEMES, initWeight, initBias } from './init';
export { dense, denseApply, type DenseOptions } from './dense';
export { mlp, type MlpOptions } from './mlp';
export { mlpMseGradients, hasAnalyticMseGradient } from './mlp-gradient';
export { conv4, conv4FeatureSize, type Conv4Options, type Conv4Norm } from './conv4';
export { batchParams } from './batch';
export { moduleConfigSchema, mlpConfigSchema, conv4ConfigSchema, moduleFromConfig, type ModuleConfig } from './config';
