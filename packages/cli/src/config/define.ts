import type { MetaTrainConfigInput, TuneConfigInput } from './schema';

/**
 * Types a `metatune tune` config written in TypeScript (or checked JavaScript): returns it
 * unchanged, so the editor checks field names and types and an inline objective's signature.
 * The cli still validates the config when it loads it.
 *
 * @example
 * // tune.config.ts, run with `metatune tune tune.config.ts`
 * import { defineTuneConfig } from '@metatune/cli';
 * export default defineTuneConfig({
 *   study: { name: 'quadratic' },
 *   space: { x: { type: 'float', low: -5, high: 5 } },
 *   objective: { function: (params) => (params.x as number) ** 2 },
 *   trials: 20,
 * });
 */
export function defineTuneConfig(config: TuneConfigInput): TuneConfigInput {
  return config;
}

/**
 * Types a `metatune meta-train` config written in TypeScript; returns it unchanged.
 *
 * @example
 * import { defineMetaTrainConfig } from '@metatune/cli';
 * export default defineMetaTrainConfig({
 *   name: 'maml-sine',
 *   learner: { id: 'maml', options: { model: { type: 'mlp', sizes: [1, 40, 40, 1] } } },
 *   task: { id: 'sinusoid' },
 *   steps: 2000,
 *   batchSize: 25,
 * });
 */
export function defineMetaTrainConfig(config: MetaTrainConfigInput): MetaTrainConfigInput {
  return config;
}
