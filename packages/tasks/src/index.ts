/**
 * @metatune/tasks: the task families meta-learners and meta-HPO learn from. Sinusoid and
 * sine-and-line regression, quadratic and small-MLP optimizees, Omniglot N-way K-shot episodes
 * (data shipped in the package), benchmark functions with known optima and seeded families of
 * them for transfer HPO. Every family is deterministic given a key.
 *
 * @packageDocumentation
 */
export { splitKey } from './split-key';
export { RegressionDistribution, drawsToBatch, uniformInputs, type RegressionDraw, type RegressionOptions } from './regression/family';
export { sinusoid, sinusoidTasksFromArrays, type SinusoidOptions, type SinusoidTaskArrays } from './regression/sinusoid';
export { sineLine, type SineLineOptions } from './regression/sine-line';
export type { LabeledImageSet } from './fewshot/image-set';
export { splitClasses, DEFAULT_SPLIT_FRACTIONS, type SplitFractions, type ClassSplits } from './fewshot/splits';
export { copyRotated } from './fewshot/rotate';
export { EpisodeDistribution, type EpisodeOptions, type ResolvedEpisodeOptions } from './fewshot/episodes';
export { OMNIGLOT_MAGIC, OMNIGLOT_FORMAT_VERSION, encodeOmniglot, decodeOmniglot, type OmniglotData, type OmniglotMetadata } from './omniglot/format';
export { OMNIGLOT_MANIFEST } from './omniglot/manifest.generated';
export { sha256Hex } from './omniglot/sha256';
export { loadOmniglot, parseOmniglot, type LoadOmniglotOptions } from './omniglot/load';
export { omniglot, omniglotImageSet, type OmniglotOptions } from './omniglot/omniglot';
export { dataFileUrl } from './data-file';
export { quadratics, type QuadraticOptions, type QuadraticTask } from './optimizee/quadratic';
export { mlpTasks, crossEntropy, type MlpTaskOptions, type MlpTask, type MlpDataKind } from './optimizee/mlp-task';
export type { BenchmarkFunction, GlobalMinimum, Point, DimensionRule } from './functions/types';
export { FUNCTION_DEFINITIONS, type FunctionDefinition, type BenchmarkFunctionName } from './functions/definitions';
export { benchmarkFunction, BENCHMARK_FUNCTION_NAMES } from './functions/create';
export { functionFamily, type FunctionFamily, type FunctionFamilyOptions, type FunctionInstance } from './functions/family';
export { functionSpace, functionTask } from './functions/hpo';
export type { HpoTask, ObjectiveContext } from './hpo/types';
export { sgdMlpOmniglot, SGD_SPACE, type SgdMlpOmniglotOptions } from './hpo/sgd-mlp-omniglot';
export { mamlSine, adaptBatched, MAML_SINE_SPACE, type MamlSineOptions } from './hpo/maml-sine';
export { tasksPlugin, registerTasks, TASKS_VERSION, type FunctionTaskOptions, type FunctionHpoTask } from './plugin';
