import { access, readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import { MODULE_EXTENSIONS, importModule } from './module';

export { ConfigError } from './config-error';

const NO_SUCH_FILE_HINT = 'give the path of a .yaml, .yml, .json, .mjs or .ts config';

/**
 * Reads a config file into a plain value: YAML or JSON, or a JavaScript or TypeScript module's
 * default export (TypeScript through the optional `tsx` peer). Module configs may carry code,
 * e.g. an inline objective function.
 */
export async function readConfigFile(file: string): Promise<unknown> {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  if ((MODULE_EXTENSIONS as readonly string[]).includes(ext)) {
    try {
      await access(path);
    } catch {
      throw new ConfigError(`${file}: no such config file`, NO_SUCH_FILE_HINT);
    }
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(path, file);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`${file}: cannot load the config module: ${(error as Error).message.split('\n')[0]}`);
    }
    if (mod.default === undefined) throw new ConfigError(`${file}: the config module has no default export`, 'export default { study: ..., objective: ..., trials: ... }');
    return mod.default;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`${file}: no such config file`, NO_SUCH_FILE_HINT);
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
