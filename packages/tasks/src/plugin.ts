/**
 * The registry entries of @metatune/tasks: every family of this package as a `task:<name>`
 * plugin with zod-validated options.
 */
import { z } from 'zod';
import { type OptimizeeDistribution, type PluginEntry, type Registry, type TaskDistribution, definePlugin, globalRegistry, provide } from '@metatune/core';
import { type SinusoidOptions, sinusoid } from './regression/sinusoid';
import { type SineLineOptions, sineLine } from './regression/sine-line';
import { type OmniglotOptions, omniglot } from './omniglot/omniglot';
import type { EpisodeDistribution } from './fewshot/episodes';
import { type QuadraticOptions, quadratics } from './optimizee/quadratic';
import { type MlpTaskOptions, mlpTasks } from './optimizee/mlp-task';
import { benchmarkFunction } from './functions/create';
import type { BenchmarkFunctionName } from './functions/definitions';
import { type FunctionFamily, type FunctionFamilyOptions, functionFamily } from './functions/family';
import { functionTask } from './functions/hpo';
import type { BenchmarkFunction } from './functions/types';
import type { HpoTask } from './hpo/types';
import { type SgdMlpOmniglotOptions, sgdMlpOmniglot } from './hpo/sgd-mlp-omniglot';
import { type MamlSineOptions, mamlSine } from './hpo/maml-sine';

/** The version written into the plugin record. */
export const TASKS_VERSION = '0.1.0';

const split = z.enum(['train', 'validation', 'test']);
const count = z.number().int().positive();
const range = z.tuple([z.number(), z.number()]);
const regression = { shots: count.optional(), queryShots: count.optional(), split: split.optional() };

const sinusoidSchema = z.strictObject({ ...regression, amplitude: range.optional(), phase: range.optional(), inputRange: range.optional() });
const sineLineSchema = z.strictObject({ ...regression, sineProbability: z.number().min(0).max(1).optional(), lineRange: range.optional(), noiseStd: z.number().nonnegative().optional() });
const omniglotSchema = z.strictObject({
  ways: count.optional(),
  shots: count.optional(),
  queryShots: z.number().int().nonnegative().optional(),
  split: split.optional(),
  splitSeed: z.number().int().optional(),
  fractions: z.strictObject({ train: z.number(), validation: z.number(), test: z.number() }).optional(),
  splitByGroup: z.boolean().optional(),
  rotations: z.boolean().optional(),
  bytes: z.union([z.instanceof(Uint8Array), z.instanceof(ArrayBuffer)]).optional(),
  skipChecksum: z.boolean().optional(),
});
const quadraticSchema = z.strictObject({ dimension: count.optional(), rows: count.optional(), split: split.optional() });
const mlpSchema = z.strictObject({
  data: z.enum(['clusters', 'teacher']).optional(),
  inputs: count.optional(),
  classes: z.number().int().min(2).optional(),
  hidden: z.array(count).optional(),
  examples: count.optional(),
  batchSize: count.optional(),
  activation: z.enum(['sigmoid', 'relu', 'tanh']).optional(),
  split: split.optional(),
});
const functionSchema = z.strictObject({ dimension: count.optional() });
const FUNCTION_NAMES = ['branin', 'hartmann3', 'hartmann6', 'ackley', 'levy', 'rosenbrock', 'rastrigin', 'styblinski-tang', 'sphere', 'ellipsoid'] as const satisfies readonly BenchmarkFunctionName[];
const familySchema = z.strictObject({
  base: z.enum(FUNCTION_NAMES),
  dimension: count.optional(),
  shift: z.number().min(0).max(0.5).optional(),
  rotate: z.boolean().optional(),
  scale: range.optional(),
  offset: z.number().nonnegative().optional(),
  split: split.optional(),
});

const sgdMlpSchema = z.strictObject({
  ways: z.number().int().min(2).optional(),
  trainPerClass: count.optional(),
  hidden: z.array(count).optional(),
  epochs: count.optional(),
  seed: z.number().int().optional(),
});
const mamlSineSchema = z.strictObject({
  metaIterations: z.number().int().nonnegative().optional(),
  metaBatch: count.optional(),
  shots: count.optional(),
  order: z.union([z.literal(1), z.literal(2)]).optional(),
  outerLr: z.number().positive().optional(),
  hidden: z.array(count).optional(),
  validationTasks: count.optional(),
  seed: z.number().int().optional(),
});

/** Options of a benchmark-function task. */
export interface FunctionTaskOptions {
  /** Dimension (the function's default when omitted; errors name the supported ones). */
  readonly dimension?: number;
}

/** A benchmark function as an HPO task, with the function itself attached. */
export interface FunctionHpoTask extends HpoTask {
  readonly function: BenchmarkFunction;
}

function functionProvider(name: BenchmarkFunctionName) {
  return provide(
    functionSchema,
    (o): FunctionHpoTask => {
      const f = benchmarkFunction(name, o.dimension);
      return { ...functionTask(f), function: f };
    },
    `${name} benchmark function as an HPO task (space x0..x{d-1})`,
  );
}

/** Every factory of this package, keyed by registry id. */
export const tasksPlugin = definePlugin({
  name: '@metatune/tasks',
  version: TASKS_VERSION,
  provides: {
    'task:sinusoid': provide(sinusoidSchema, (o) => sinusoid(o), 'sinusoid regression (Finn et al. 2017)'),
    'task:sine-line': provide(sineLineSchema, (o) => sineLine(o), 'sine-and-line mixture regression (Finn et al. 2018)'),
    'task:omniglot': provide(omniglotSchema, (o) => omniglot(o), 'Omniglot N-way K-shot episodes'),
    'task:quadratic': provide(quadraticSchema, (o) => quadratics(o), 'quadratic optimizees (Andrychowicz et al. 2016)'),
    'task:mlp-training': provide(mlpSchema, (o) => mlpTasks(o), 'small-MLP training optimizees on generated data'),
    'task:function-family': provide(familySchema, (o) => functionFamily(o), 'shifted/rotated/scaled benchmark-function family for transfer HPO'),
    'task:sgd-mlp-omniglot': provide(sgdMlpSchema, (o) => sgdMlpOmniglot(o), 'HPO target: SGD hyperparameters of a small MLP on N-way Omniglot'),
    'task:maml-sine': provide(mamlSineSchema, (o) => mamlSine(o), "HPO target: MAML's inner learning rate and steps on sinusoids"),
    'task:branin': functionProvider('branin'),
    'task:hartmann3': functionProvider('hartmann3'),
    'task:hartmann6': functionProvider('hartmann6'),
    'task:ackley': functionProvider('ackley'),
    'task:levy': functionProvider('levy'),
    'task:rosenbrock': functionProvider('rosenbrock'),
    'task:rastrigin': functionProvider('rastrigin'),
    'task:styblinski-tang': functionProvider('styblinski-tang'),
    'task:sphere': functionProvider('sphere'),
    'task:ellipsoid': functionProvider('ellipsoid'),
  },
});

/** Registers every task of this package (into the process-wide registry by default). */
export function registerTasks(registry: Registry = globalRegistry()): Registry {
  return registry.register(tasksPlugin);
}

declare module '@metatune/core' {
  interface PluginRegistry {
    'task:sinusoid': PluginEntry<SinusoidOptions, TaskDistribution>;
    'task:sine-line': PluginEntry<SineLineOptions, TaskDistribution>;
    'task:omniglot': PluginEntry<Omit<OmniglotOptions, 'data'>, EpisodeDistribution>;
    'task:quadratic': PluginEntry<QuadraticOptions, OptimizeeDistribution>;
    'task:mlp-training': PluginEntry<MlpTaskOptions, OptimizeeDistribution>;
    'task:function-family': PluginEntry<FunctionFamilyOptions, FunctionFamily>;
    'task:sgd-mlp-omniglot': PluginEntry<Omit<SgdMlpOmniglotOptions, 'data'>, HpoTask>;
    'task:maml-sine': PluginEntry<MamlSineOptions, HpoTask>;
    'task:branin': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
    'task:hartmann3': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
    'task:hartmann6': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
    'task:ackley': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
    'task:levy': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
    'task:rosenbrock': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
    'task:rastrigin': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
    'task:styblinski-tang': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
    'task:sphere': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
    'task:ellipsoid': PluginEntry<FunctionTaskOptions, FunctionHpoTask>;
  }
}
