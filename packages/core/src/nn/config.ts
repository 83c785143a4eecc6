import { z } from 'zod';
import { conv4 } from './conv4';
import { mlp } from './mlp';
import type { Module } from './module';

const count = z.number().int().positive();

/** An MLP described in a config file: `{ type: 'mlp', sizes: [1, 40, 40, 1], activation? }`. */
export const mlpConfigSchema = z.strictObject({
  type: z.literal('mlp'),
  sizes: z.array(count).min(2),
  activation: z.enum(['relu', 'tanh', 'sigmoid', 'elu', 'leakyRelu']).optional(),
});

/** The conv4 of the MAML paper described in a config file: `{ type: 'conv4', outputs: 5, ... }`. */
export const conv4ConfigSchema = z.strictObject({
  type: z.literal('conv4'),
  outputs: count,
  inChannels: count.optional(),
  filters: count.optional(),
  imageSize: count.optional(),
  norm: z.enum(['batch', 'layer', 'none']).optional(),
});

/**
 * A model described in a config file (an MLP or conv4), the `model` option every meta-learner
 * plugin shares, so configs name models the same way for MAML, Reptile and MER.
 */
export const moduleConfigSchema = z.union([mlpConfigSchema, conv4ConfigSchema]);

/** A validated model description. */
export type ModuleConfig = z.output<typeof moduleConfigSchema>;

/**
 * The module a config describes.
 *
 * @example
 * nn.moduleFromConfig({ type: 'mlp', sizes: [1, 40, 40, 1] }); // same as nn.mlp([1, 40, 40, 1])
 */
export function moduleFromConfig(config: ModuleConfig): Module {
  if (config.type === 'mlp') return mlp(config.sizes, { activation: config.activation });
  return conv4({ outputs: config.outputs, inChannels: config.inChannels, filters: config.filters, imageSize: config.imageSize, norm: config.norm });
}
