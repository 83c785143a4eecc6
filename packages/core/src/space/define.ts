import { MetatuneError } from '../errors';
import type { CategoricalParam, Condition, FloatParam, IntParam, ParamSpec, ParamValue, SearchSpace } from './types';

function invalid(name: string, problem: string, hint?: string): MetatuneError {
  return new MetatuneError('INVALID_SPACE', `parameter "${name}": ${problem}`, { hint });
}

function checkNumeric(name: string, p: FloatParam | IntParam): void {
  if (!Number.isFinite(p.low) || !Number.isFinite(p.high)) {
    throw invalid(name, `low and high must be finite numbers, got [${p.low}, ${p.high}]`);
  }
  if (!(p.low < p.high)) throw invalid(name, `low must be below high, got [${p.low}, ${p.high}]`);
  if (p.log && p.low <= 0) {
    throw invalid(name, `a log-scale range must be positive, got low = ${p.low}`, 'use a positive low or drop log');
  }
  if (p.step !== undefined) {
    if (!(Number.isFinite(p.step) && p.step > 0)) throw invalid(name, `step must be a positive number, got ${p.step}`);
    if (p.log && p.type === 'float') throw invalid(name, 'step and log cannot be combined for a float parameter');
  }
  if (p.type === 'int') {
    if (!Number.isInteger(p.low) || !Number.isInteger(p.high)) {
      throw invalid(name, `an int parameter needs integer bounds, got [${p.low}, ${p.high}]`);
    }
    if (p.step !== undefined && !Number.isInteger(p.step)) throw invalid(name, `an int step must be an integer, got ${p.step}`);
  }
}

function checkCategorical(name: string, p: CategoricalParam): void {
  if (!Array.isArray(p.choices) || p.choices.length === 0) throw invalid(name, 'choices must be a non-empty array');
  const seen = new Set<ParamValue>();
  for (const c of p.choices) {
    if (!['string', 'number', 'boolean'].includes(typeof c)) {
      throw invalid(name, `choices must be strings, numbers or booleans, got ${JSON.stringify(c)}`);
    }
    if (seen.has(c)) throw invalid(name, `choice ${JSON.stringify(c)} appears twice`);
    seen.add(c);
  }
}

/**
 * Validates a search space and returns it frozen. Errors name the parameter and the fix.
 *
 * @example
 * const space = defineSpace({
 *   lr: float(1e-4, 1, { log: true }),
 *   layers: int(1, 4),
 *   optimizer: categorical(['sgd', 'adam']),
 *   momentum: float(0, 0.99, { when: { parent: 'optimizer', values: ['sgd'] } }),
 * });
 */
export function defineSpace<S extends Record<string, ParamSpec>>(space: S): Readonly<S> {
  if (space === null || typeof space !== 'object' || Array.isArray(space)) {
    throw new MetatuneError('INVALID_SPACE', 'a search space must be an object of parameter definitions');
  }
  const names = Object.keys(space);
  if (names.length === 0) throw new MetatuneError('INVALID_SPACE', 'a search space needs at least one parameter');
  const seen = new Set<string>();
  for (const name of names) {
    const p = space[name] as ParamSpec;
    if (p === null || typeof p !== 'object') throw invalid(name, 'the definition must be an object');
    if (p.type === 'float' || p.type === 'int') checkNumeric(name, p);
    else if (p.type === 'categorical') checkCategorical(name, p);
    else throw invalid(name, `unknown type ${JSON.stringify((p as { type?: unknown }).type)}`, 'use float, int or categorical');
    if (p.condition) checkCondition(name, p.condition, space, seen);
    seen.add(name);
  }
  return Object.freeze({ ...space });
}

function checkCondition(name: string, c: Condition, space: SearchSpace, earlier: Set<string>): void {
  if (!earlier.has(c.parent)) {
    throw invalid(name, `its condition names parent "${c.parent}", which is not defined before it`, 'define the parent first');
  }
  if (!Array.isArray(c.values) || c.values.length === 0) throw invalid(name, 'a condition needs a non-empty list of values');
  const parent = space[c.parent];
  if (parent.type === 'categorical') {
    for (const v of c.values) {
      if (!parent.choices.includes(v)) throw invalid(name, `condition value ${JSON.stringify(v)} is not a choice of "${c.parent}"`);
    }
  }
}

/** Options shared by the numeric parameter builders. */
export interface NumericOptions {
  log?: boolean;
  step?: number;
  /** Condition under which the parameter is active. */
  when?: Condition;
}

/** A float parameter in [low, high]. */
export function float(low: number, high: number, options: NumericOptions = {}): FloatParam {
  return withCondition({ type: 'float', low, high, ...(options.log ? { log: true } : {}), ...(options.step ? { step: options.step } : {}) }, options.when);
}

/** An int parameter in [low, high], both inclusive. */
export function int(low: number, high: number, options: NumericOptions = {}): IntParam {
  return withCondition({ type: 'int', low, high, ...(options.log ? { log: true } : {}), ...(options.step ? { step: options.step } : {}) }, options.when);
}

/** A categorical parameter over `choices`. */
export function categorical(choices: readonly ParamValue[], options: { when?: Condition } = {}): CategoricalParam {
  return withCondition({ type: 'categorical', choices: [...choices] }, options.when);
}

function withCondition<P extends ParamSpec>(p: P, when: Condition | undefined): P {
  return when ? { ...p, condition: when } : p;
}
