import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './config-error';

/** Extensions loaded through the optional `tsx` peer: TypeScript configs and objective modules. */
export const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts'] as const;

/** Extensions any module loader handles: JavaScript modules and TypeScript through `tsx`. */
export const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs', ...TYPESCRIPT_EXTENSIONS] as const;

/** The part of `tsx/esm/api` the cli uses. */
interface TsxApi {
  tsImport(specifier: string, parentURL: string): Promise<unknown>;
}

/** Imports `tsx/esm/api`; a parameter so a test can stand in for an install without tsx. */
export type TsxImporter = () => Promise<TsxApi>;

const importTsx: TsxImporter = () => import('tsx/esm/api') as Promise<TsxApi>;

/** Whether `path` names a TypeScript file (loaded through `tsx`). */
export function isTypeScript(path: string): boolean {
  return (TYPESCRIPT_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase());
}

/**
 * Imports a config or objective module by absolute path. JavaScript is imported natively;
 * TypeScript through `tsx` (an optional peer: Node 20 cannot strip types itself), which is loaded
 * only when a `.ts` file is asked for, so plain YAML/JSON users never need it. `what` names the
 * file in errors (the config path, or `config: objective.module`).
 */
export async function importModule(path: string, what: string, tsx: TsxImporter = importTsx): Promise<Record<string, unknown>> {
  if (!isTypeScript(path)) return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  let api: TsxApi;
  try {
    api = await tsx();
  } catch {
    throw new ConfigError(`${what}: loading a TypeScript file needs the tsx package, which is not installed`, 'npm install --save-dev tsx (or write the file as .mjs)');
  }
  const namespace = (await api.tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
  return unwrapCommonJs(namespace);
}

/**
 * Outside a `"type": "module"` package, tsx compiles a `.ts` file to CommonJS, and importing it
 * gives `{ default: module.exports }` with the file's own exports one level down (marked
 * `__esModule`); return those, so `export default` means the same in every folder.
 */
function unwrapCommonJs(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace.default as Record<string, unknown> | undefined;
  if (inner !== null && typeof inner === 'object' && inner.__esModule === true) return inner;
  return namespace;
}
