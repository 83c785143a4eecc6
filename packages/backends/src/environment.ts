/**
 * What the runtime is: Node or a browser. Kept apart so the rest of the package asks one place,
 * and so nothing here imports a Node builtin statically (the package must bundle for browsers).
 */

/** The kind of runtime metatune is running in. */
export type RuntimeKind = 'node' | 'browser' | 'other';

/** Whether this is Node (or a runtime that says it is, such as Bun). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** The kind of runtime: Node first (jsdom-like test setups define `window` in Node too). */
export function runtimeKind(): RuntimeKind {
  if (isNode()) return 'node';
  if (typeof (globalThis as { document?: unknown }).document !== 'undefined') return 'browser';
  return 'other';
}

/**
 * In Node, the absolute path of an installed package's entry (from this module's location), or
 * `undefined` when it is not installed. Always `undefined` outside Node: a browser cannot ask.
 */
export async function resolveInstalled(packageName: string): Promise<string | undefined> {
  if (!isNode()) return undefined;
  // A variable specifier keeps bundlers from trying to pull a Node builtin into a browser build.
  const moduleSpecifier = 'node:module';
  const { createRequire } = (await import(/* @vite-ignore */ moduleSpecifier)) as typeof import('node:module');
  const require = createRequire(import.meta.url);
  try {
    return require.resolve(packageName);
  } catch {
    return undefined;
  }
}

/** Whether a WebGL2 (or WebGL1) context can be created here. */
export function hasWebGL(): boolean {
  const doc = (globalThis as { document?: { createElement(tag: string): { getContext?(kind: string): unknown } } }).document;
  if (!doc) return false;
  try {
    const canvas = doc.createElement('canvas');
    return Boolean(canvas.getContext?.('webgl2') ?? canvas.getContext?.('webgl'));
  } catch {
    return false;
  }
}

/** Whether the WebGPU API is exposed (`navigator.gpu`); an adapter may still be refused. */
export function hasWebGPU(): boolean {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return Boolean(nav?.gpu);
}
