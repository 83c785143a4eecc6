import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { MetatuneError } from '@metatune/core';

/** Where the wasm backend finds its three `.wasm` binaries: a directory URL (ending in `/`) or one URL per file. */
export type WasmPaths =
  | string
  | {
      'tfjs-backend-wasm.wasm': string;
      'tfjs-backend-wasm-simd.wasm': string;
      'tfjs-backend-wasm-threaded-simd.wasm': string;
    };

/** The wasm backend's settings; they must be applied before the backend is first initialised. */
export interface WasmSettings {
  /** Threads for XNNPACK in browsers with cross-origin isolation; Node always runs one thread. */
  readonly threads?: number;
  /** Where the `.wasm` files are served from, for bundled browser apps. Not needed in Node. */
  readonly wasmPaths?: WasmPaths;
}

let applied: { threads?: number; wasmPaths?: string } | undefined;

/**
 * Applies `settings` to the wasm backend once. tfjs reads them when it first initialises the
 * backend and cannot change them after, so a second, different call is an error rather than a
 * silent no-op.
 */
export function configureWasm(settings: WasmSettings): void {
  if (settings.threads !== undefined && (!Number.isInteger(settings.threads) || settings.threads < 1)) {
    throw new MetatuneError('INVALID_ARGUMENT', `threads must be a positive integer, got ${settings.threads}`, { hint: 'e.g. { threads: 4 }, or leave it out for one per core' });
  }
  const key = { threads: settings.threads, wasmPaths: settings.wasmPaths === undefined ? undefined : JSON.stringify(settings.wasmPaths) };
  if (applied) {
    const changed = (key.threads !== undefined && key.threads !== applied.threads) || (key.wasmPaths !== undefined && key.wasmPaths !== applied.wasmPaths);
    if (changed) {
      throw new MetatuneError('INVALID_ARGUMENT', 'the wasm backend is already initialised; its threads and wasmPaths cannot change', {
        hint: 'pass threads and wasmPaths on the first initBackend call of the process',
      });
    }
    return;
  }
  if (settings.threads !== undefined) setThreadsCount(settings.threads);
  if (settings.wasmPaths !== undefined) setWasmPaths(settings.wasmPaths);
  applied = key;
}
