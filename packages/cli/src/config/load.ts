import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MetatuneError } from '@metatune/core';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/** A config file could not be read or does not match its schema; the cli exits with code 2. */
export class ConfigError extends MetatuneError {
  constructor(message: string, hint?: string) {
    super('INVALID_OPTIONS', message, { hint });
    this.name = 'ConfigError';
  }
}

/** Reads a YAML, JSON or JavaScript module config (its default export) into a plain value. */
export async function readConfigFile(file: string): Promise<unknown> {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  if (ext === '.js' || ext === '.mjs') {
    try {
      const mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
      return mod.default;
    } catch (error) {
      throw new ConfigError(`${file}: cannot load the config module: ${(error as Error).message}`);
    }
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`${file}: no such config file`, 'give the path of a .yaml, .yml, .json or .mjs config');
  }
  try {
    return ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  return `${where}: ${issue.message}`;
}

/** Validates a config value; an error names the file, the path in it, and what was expected. */
export function validateConfig<S extends z.ZodType>(file: string, value: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(describeIssue);
    throw new ConfigError(`${file}: ${lines.join('; ')}`);
  }
  return parsed.data;
}
