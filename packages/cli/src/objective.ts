import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Direction, type ParamValues, type Registry, type SearchSpace, defineSpace } from '@metatune/core';
import type { Trial } from '@metatune/study';
import { ConfigError } from './config/config-error';
import { importModule } from './config/module';
import type { TuneConfig } from './config/schema';

/** An objective ready to run, with the space and direction it comes with. */
export interface ResolvedObjective {
  readonly description: string;
  readonly space: SearchSpace;
  readonly direction: Direction;
  readonly evaluate: (trial: Trial) => Promise<number>;
}

/** The shape of an HPO task from the registry (`@metatune/tasks` HpoTask). */
interface HpoTaskLike {
  readonly space: SearchSpace;
  readonly direction?: Direction;
  objective(values: ParamValues, context?: { report?(step: number, value: number): void }): number | Promise<number>;
}

/** The shape of a user objective module. */
interface ObjectiveModule {
  readonly space?: SearchSpace;
  readonly direction?: Direction;
  readonly objective?: (params: ParamValues, trial: Trial) => number | Promise<number>;
  readonly default?: (params: ParamValues, trial: Trial) => number | Promise<number>;
}

function isHpoTask(value: unknown): value is HpoTaskLike {
  return typeof value === 'object' && value !== null && 'space' in value && typeof (value as HpoTaskLike).objective === 'function';
}

/**
 * Resolves the objective of a tune config: a registry task (`objective.task`), a user module
 * (`objective.module`, relative to the config file; `.mjs` or `.ts`) exporting `objective` (or a
 * default function) and optionally `space` and `direction`, or an inline `objective.function` of a
 * `.mjs`/`.ts` config. `config.space` overrides the space.
 */
export async function resolveObjective(file: string, config: TuneConfig, registry: Registry): Promise<ResolvedObjective> {
  const configSpace = config.space ? defineSpaceFromConfig(file, config.space as SearchSpace) : undefined;
  if ('task' in config.objective) {
    const id = config.objective.task.includes(':') ? config.objective.task : `task:${config.objective.task}`;
    if (!registry.has(id)) {
      const tasks = registry.list('task').map((e) => e.id.slice(5));
      throw new ConfigError(`${file}: objective.task: unknown task "${config.objective.task}"`, `installed: ${tasks.join(', ') || 'none (npm install @metatune/tasks)'}`);
    }
    let task: unknown;
    try {
      task = registry.createUnchecked(id, config.objective.options ?? {});
    } catch (error) {
      throw new ConfigError(`${file}: objective.options: ${(error as Error).message}`);
    }
    if (!isHpoTask(task)) throw new ConfigError(`${file}: objective.task: "${id}" is not an HPO task (it has no space and objective)`, 'use a task such as branin or maml-sine');
    return {
      description: id,
      space: configSpace ?? task.space,
      direction: config.study.direction ?? task.direction ?? 'minimize',
      evaluate: async (trial) => task.objective(trial.params, { report: (step, value) => void trial.report(step, value) }),
    };
  }
  if ('function' in config.objective) {
    if (!configSpace) throw new ConfigError(`${file}: space: an inline objective function needs a space section`, "add space: { x: { type: 'float', low: 0, high: 1 } }");
    const fn = config.objective.function;
    return { description: fn.name ? `function ${fn.name}` : 'inline objective function', space: configSpace, direction: config.study.direction ?? 'minimize', evaluate: async (trial) => fn(trial.params, trial) };
  }
  const modulePath = resolve(dirname(resolve(file)), config.objective.module);
  try {
    await access(modulePath);
  } catch {
    throw new ConfigError(`${file}: objective.module: no such file ${config.objective.module}`, 'give a path relative to the config file');
  }
  let mod: ObjectiveModule;
  try {
    mod = (await importModule(modulePath, `${file}: objective.module`)) as ObjectiveModule;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${file}: objective.module: cannot import ${config.objective.module}: ${(error as Error).message.split('\n')[0]}`);
  }
  const exportName = config.objective.export ?? (mod.objective ? 'objective' : 'default');
  const fn = (mod as Record<string, unknown>)[exportName];
  if (typeof fn !== 'function') throw new ConfigError(`${file}: objective.module: ${config.objective.module} exports no function "${exportName}"`, 'export function objective(params, trial) { ... }');
  const space = configSpace ?? (mod.space ? defineSpaceFromConfig(file, mod.space) : undefined);
  if (!space) throw new ConfigError(`${file}: space: the objective module exports no space`, 'add a space: section to the config or export const space from the module');
  return {
    description: config.objective.module,
    space,
    direction: config.study.direction ?? mod.direction ?? 'minimize',
    evaluate: async (trial) => (fn as (p: ParamValues, t: Trial) => number | Promise<number>)(trial.params, trial),
  };
}

function defineSpaceFromConfig(file: string, space: SearchSpace): SearchSpace {
  try {
    return defineSpace(space as Record<string, never>);
  } catch (error) {
    throw new ConfigError(`${file}: space: ${(error as Error).message}`);
  }
}
