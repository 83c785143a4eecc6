import { definePlugin, globalRegistry, provide, type PluginEntry, type Registry } from '@metatune/core';
import { z } from 'zod';
import { initBackend, type ActiveBackend, type InitBackendOptions } from './init';
import type { BackendName } from './names';
import type { WasmPaths } from './wasm';

/** The version of this package, reported by the registry. */
export const VERSION = '0.1.0';

/** A backend as the registry creates it: a name and options, started with `init()`. */
export interface BackendHandle {
  /** The backend this handle starts. */
  readonly name: BackendName;
  /** The validated options it starts with. */
  readonly options: InitBackendOptions;
  /** Runs {@link initBackend} with this handle's name and options. */
  init(): Promise<ActiveBackend>;
}

/** Options of `backend:wasm` and `backend:auto`. */
export interface WasmBackendOptions {
  /** Threads for XNNPACK (browsers with cross-origin isolation only). */
  threads?: number;
  /** Where the `.wasm` files are served from, for bundled browser apps. */
  wasmPaths?: WasmPaths;
}

/**
 * Options of the backends that take none: an empty object. The wasm options are spelled out as
 * `never` so that passing them to cpu, webgl or node fails to compile instead of being ignored.
 */
export interface NoBackendOptions {
  /** Not accepted: only wasm has threads. */
  readonly threads?: never;
  /** Not accepted: only wasm loads `.wasm` files. */
  readonly wasmPaths?: never;
}

declare module '@metatune/core' {
  interface PluginRegistry {
    'backend:auto': PluginEntry<WasmBackendOptions, BackendHandle>;
    'backend:wasm': PluginEntry<WasmBackendOptions, BackendHandle>;
    'backend:cpu': PluginEntry<NoBackendOptions, BackendHandle>;
    'backend:webgl': PluginEntry<NoBackendOptions, BackendHandle>;
    'backend:webgpu': PluginEntry<NoBackendOptions, BackendHandle>;
    'backend:node': PluginEntry<NoBackendOptions, BackendHandle>;
    'backend:node-gpu': PluginEntry<NoBackendOptions, BackendHandle>;
  }
}

const wasmFiles = z.object({
  'tfjs-backend-wasm.wasm': z.string(),
  'tfjs-backend-wasm-simd.wasm': z.string(),
  'tfjs-backend-wasm-threaded-simd.wasm': z.string(),
});
const wasmOptions = z.strictObject({
  threads: z.number().int().positive().optional(),
  wasmPaths: z.union([z.string().min(1), wasmFiles]).optional(),
});
const noOptions = z.strictObject({}) as unknown as z.ZodType<NoBackendOptions, NoBackendOptions>;

function handle(name: BackendName, options: InitBackendOptions): BackendHandle {
  return { name, options, init: () => initBackend(name, options) };
}

const none = (name: BackendName, description: string) => provide(noOptions, () => handle(name, {}), description);

/**
 * The plugin: one `backend:<name>` factory per backend. Creating one validates the options and
 * returns a {@link BackendHandle}; nothing starts until `init()`, because backends start
 * asynchronously and registry factories are synchronous.
 */
export const backendsPlugin = definePlugin({
  name: '@metatune/backends',
  version: VERSION,
  provides: {
    'backend:auto': provide(wasmOptions, (o) => handle('auto', o), 'wasm, falling back to cpu'),
    'backend:wasm': provide(wasmOptions, (o) => handle('wasm', o), 'WebAssembly with SIMD (the default)'),
    'backend:cpu': none('cpu', 'plain JavaScript (the fallback)'),
    'backend:webgl': none('webgl', 'WebGL in browsers (optional peer @tensorflow/tfjs-backend-webgl)'),
    'backend:webgpu': none('webgpu', 'WebGPU in browsers (optional peer @tensorflow/tfjs-backend-webgpu)'),
    'backend:node': none('node', 'native TensorFlow in Node (optional peer @tensorflow/tfjs-node)'),
    'backend:node-gpu': none('node-gpu', 'native TensorFlow with CUDA in Node (optional peer @tensorflow/tfjs-node-gpu)'),
  },
});

/** Registers {@link backendsPlugin} into `registry` (the process-wide one by default) and returns it. */
export function registerBackends(registry: Registry = globalRegistry()): Registry {
  return registry.register(backendsPlugin);
}
