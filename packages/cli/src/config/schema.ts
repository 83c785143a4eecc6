import type { ParamValues } from '@metatune/core';
import type { Trial } from '@metatune/study';
import { z } from 'zod';

/** An objective written inline in a JavaScript or TypeScript config: lower (or higher) is better. */
export type ObjectiveFunction = (params: ParamValues, trial: Trial) => number | Promise<number>;

/** A plugin reference: `"gp"`, `"sampler:gp"`, or `{ id, options }`. */
const pluginRef = z.union([z.string().min(1), z.strictObject({ id: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() })]);

/** A parameter definition in a config file (the shape of core's ParamSpec). */
const condition = z.strictObject({ parent: z.string(), values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) });
const paramSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('float'), low: z.number(), high: z.number(), log: z.boolean().optional(), step: z.number().positive().optional(), condition: condition.optional() }),
  z.strictObject({ type: z.literal('int'), low: z.number().int(), high: z.number().int(), log: z.boolean().optional(), step: z.number().int().positive().optional(), condition: condition.optional() }),
  z.strictObject({ type: z.literal('categorical'), choices: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1), condition: condition.optional() }),
]);

/**
 * Where an objective comes from: a task of the registry, a user module, or (in a `.mjs`/`.ts`
 * config, which can carry code) a function.
 */
const objective = z.union([
  z.strictObject({ task: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() }),
  z.strictObject({ module: z.string().min(1), export: z.string().optional() }),
  z.strictObject({
    function: z.custom<ObjectiveFunction>((value) => typeof value === 'function', { message: 'expected a function (params, trial) => number; only .mjs and .ts configs can hold one' }),
  }),
]);

/** The `metatune tune` config. */
export const tuneConfigSchema = z.strictObject({
  study: z.strictObject({
    name: z.string().min(1),
    storage: z.string().min(1).optional(),
    direction: z.enum(['minimize', 'maximize']).optional(),
    seed: z.number().int().optional(),
    /** Earlier studies (same storage) to warm-start the sampler from. */
    warmStartFrom: z.array(z.string().min(1)).optional(),
  }),
  objective,
  /** Overrides or supplies the search space (a module objective needs one here or in its module). */
  space: z.record(z.string(), paramSpec).optional(),
  sampler: pluginRef.optional(),
  pruner: pluginRef.optional(),
  /** Total COMPLETE + PRUNED + FAIL trials the study should have; a resumed study runs the rest. */
  trials: z.number().int().positive(),
  concurrency: z.number().int().positive().optional(),
  timeoutSeconds: z.number().positive().optional(),
  /** Extra plugin packages to import (third-party samplers, tasks). */
  plugins: z.array(z.string()).optional(),
  backend: z.enum(['auto', 'wasm', 'cpu', 'webgl', 'webgpu', 'node', 'node-gpu']).optional(),
  /** Write the HTML report here when the study ends. */
  report: z.string().optional(),
});

/** The `metatune meta-train` config. */
export const metaTrainConfigSchema = z.strictObject({
  name: z.string().min(1),
  learner: pluginRef,
  task: z.strictObject({ id: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() }),
  steps: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  seed: z.number().int().optional(),
  validation: z.strictObject({ every: z.number().int().positive(), tasks: z.number().int().positive().optional(), steps: z.number().int().positive().optional() }).optional(),
  earlyStopping: z.strictObject({ patience: z.number().int().positive(), minDelta: z.number().nonnegative().optional() }).optional(),
  /** Directory of checkpoints, the run log and the report (default ./metatune-runs/<name>). */
  dir: z.string().optional(),
  checkpointEvery: z.number().int().positive().optional(),
  evaluation: z.strictObject({ tasks: z.number().int().positive(), steps: z.array(z.number().int().nonnegative()).min(1) }).optional(),
  plugins: z.array(z.string()).optional(),
  backend: z.enum(['auto', 'wasm', 'cpu', 'webgl', 'webgpu', 'node', 'node-gpu']).optional(),
});

/** A validated `metatune tune` config. */
export type TuneConfig = z.output<typeof tuneConfigSchema>;
/** A validated `metatune meta-train` config. */
export type MetaTrainConfig = z.output<typeof metaTrainConfigSchema>;
/** What a `metatune tune` config file holds (optional fields may be left out). */
export type TuneConfigInput = z.input<typeof tuneConfigSchema>;
/** What a `metatune meta-train` config file holds (optional fields may be left out). */
export type MetaTrainConfigInput = z.input<typeof metaTrainConfigSchema>;
export type PluginRef = z.output<typeof pluginRef>;
