import { MetatuneError } from '@metatune/core';
import type { BackendSpec } from './names';

/** The install command for an optional backend's package, pinned to the tfjs major in use. */
export function installCommand(spec: BackendSpec): string {
  return `npm install ${spec.packageName}@^4.22.0`;
}

/**
 * Whether `error` says that `packageName` itself is missing, not one of its own dependencies
 * (which would be a broken install and deserves a different message). Node ESM, CommonJS and
 * browsers, Vite and esbuild word it differently; all quote the specifier.
 */
export function isMissingPackage(error: unknown, packageName: string): boolean {
  const message = String((error as { message?: unknown } | undefined)?.message ?? '');
  const quoted = [`'${packageName}'`, `"${packageName}"`];
  return /Cannot find (module|package)|Could not resolve|Failed to resolve (module specifier|import)|Failed to load url/i.test(message) && quoted.some((q) => message.split(/imported from|Require stack/)[0].includes(q));
}

/** The error for an optional backend whose package is not installed: how to install it, and the fallback. */
export function notInstalledError(spec: BackendSpec, cause?: unknown): MetatuneError {
  return new MetatuneError('BACKEND_UNAVAILABLE', `backend "${spec.name}" needs ${spec.packageName}, which is not installed`, {
    hint: `run \`${installCommand(spec)}\` (${spec.installNote}); or use the default, initBackend('wasm'), whose fallback is 'cpu' (initBackend('auto') picks them for you)`,
    cause,
  });
}

/**
 * Imports an optional backend package for its side effect (registering the backend with tfjs-core).
 * The specifier is a variable so that tsup, Vite and webpack do not try to resolve a package that
 * is usually not installed; in a bundled browser app, import the package yourself instead.
 */
export async function importOptional(spec: BackendSpec, importer: (specifier: string) => Promise<unknown> = (s) => import(/* @vite-ignore */ s)): Promise<void> {
  try {
    await importer(spec.packageName);
  } catch (error) {
    if (isMissingPackage(error, spec.packageName)) throw notInstalledError(spec, error);
    throw new MetatuneError('BACKEND_UNAVAILABLE', `backend "${spec.name}": ${spec.packageName} is installed but failed to load: ${(error as Error)?.message ?? String(error)}`, {
      hint: `${spec.installNote}; reinstall it, or use initBackend('wasm') / 'cpu'`,
      cause: error,
    });
  }
}
