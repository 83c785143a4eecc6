import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { MetatuneError } from '@metatune/core';
import { isNode } from './environment';
import { assertBackendName, BACKENDS, type BackendName, type BackendSpec, type ConcreteBackendName } from './names';
import { importOptional } from './optional';
import { configureWasm, type WasmSettings } from './wasm';
import { useSimdBatchMatMul } from './wasm-batch-matmul-kernel';
import { useWasmConvFilterGrad } from './wasm-conv-filter-grad-kernel';
import { useConvInputGradByConv } from './wasm-conv-input-grad-kernel';
import { useSimdSum } from './wasm-sum-kernel';
import { shareWasmBuffers } from './wasm-sharing-kernels';

/** Options of {@link initBackend}. */
export type InitBackendOptions = WasmSettings;

/** The backend {@link initBackend} activated. */
export interface ActiveBackend {
  /** The metatune name of the active backend. */
  readonly name: ConcreteBackendName;
  /** The name tfjs knows it by (`tf.getBackend()`). */
  readonly tfName: string;
  /** What was asked for. */
  readonly requested: BackendName;
  /** Why `'auto'` fell back to cpu, when it did. */
  readonly fallbackReason?: string;
}

/** Activates a backend tfjs already has a factory for; false when its initialisation fails. */
async function activate(tfName: string): Promise<boolean> {
  const ok = await tf.setBackend(tfName);
  if (ok) await tf.ready();
  return ok;
}

async function initWasm(options: InitBackendOptions): Promise<void> {
  configureWasm(options);
  shareWasmBuffers();
  useSimdBatchMatMul();
  useConvInputGradByConv();
  useWasmConvFilterGrad();
  useSimdSum();
  if (!(await activate('wasm'))) {
    throw new MetatuneError('BACKEND_UNAVAILABLE', 'the wasm backend failed to initialise (its .wasm binary could not be loaded)', {
      hint: isNode()
        ? "check that @tensorflow/tfjs-backend-wasm is installed with its dist/*.wasm files; or use initBackend('cpu')"
        : "in a bundled app, serve the three dist/*.wasm files of @tensorflow/tfjs-backend-wasm and pass their directory: initBackend('wasm', { wasmPaths: '/tfjs-wasm/' }); or use initBackend('cpu')",
    });
  }
}

async function initOptional(spec: BackendSpec): Promise<void> {
  if (spec.runsIn === 'browser' && isNode()) {
    throw new MetatuneError('BACKEND_UNAVAILABLE', `backend "${spec.name}" runs only in browsers`, {
      hint: "in Node use 'wasm' (the default) or 'cpu', or 'node' / 'node-gpu' for native TensorFlow",
    });
  }
  if (spec.runsIn === 'node' && !isNode()) {
    throw new MetatuneError('BACKEND_UNAVAILABLE', `backend "${spec.name}" runs only in Node`, { hint: "in browsers use 'wasm' (the default), 'webgl' or 'webgpu'" });
  }
  // Already registered (the app imported the package itself, as bundled browser apps must): no import.
  if (!tf.findBackendFactory(spec.tfName)) await importOptional(spec);
  if (!tf.findBackendFactory(spec.tfName)) {
    throw new MetatuneError('BACKEND_UNAVAILABLE', `${spec.packageName} loaded but registered no "${spec.tfName}" backend with this copy of @tensorflow/tfjs-core`, {
      hint: 'two copies of tfjs-core are installed; make their versions match (`npm ls @tensorflow/tfjs-core`)',
    });
  }
  if (!(await activate(spec.tfName))) {
    throw new MetatuneError('BACKEND_UNAVAILABLE', `the ${spec.name} backend is installed but failed to initialise`, {
      hint: `${spec.installNote}; use initBackend('wasm') or 'cpu' meanwhile`,
    });
  }
}

/**
 * Activates a tfjs backend for all of metatune and waits until it is ready.
 *
 * - `'auto'` (the default): wasm, falling back to cpu if wasm cannot start.
 * - `'wasm'`: SIMD WebAssembly; in Node its `.wasm` files are found without setup, in a bundled
 *   browser app pass `wasmPaths` (the directory the three `.wasm` files are served from).
 * - `'cpu'`: plain JavaScript; always available.
 * - `'webgl'`, `'webgpu'` (browsers), `'node'`, `'node-gpu'` (Node): optional peer packages,
 *   imported on first use; when absent the error says how to install them and what the fallback is.
 *
 * @throws MetatuneError `UNKNOWN_BACKEND` for a name not in {@link BACKEND_NAMES};
 *   `BACKEND_UNAVAILABLE` when the backend's package is missing or it cannot start here.
 * @example
 * ```ts
 * import { initBackend } from '@metatune/backends';
 * const active = await initBackend();          // { name: 'wasm', tfName: 'wasm', requested: 'auto' }
 * await initBackend('wasm', { wasmPaths: '/tfjs-wasm/' });   // bundled browser app
 * ```
 */
export async function initBackend(name: BackendName = 'auto', options: InitBackendOptions = {}): Promise<ActiveBackend> {
  assertBackendName(name);
  if (name === 'auto') {
    try {
      await initWasm(options);
      return { name: 'wasm', tfName: 'wasm', requested: 'auto' };
    } catch (error) {
      if (error instanceof MetatuneError && error.code === 'INVALID_ARGUMENT') throw error;
      await activate('cpu');
      return { name: 'cpu', tfName: 'cpu', requested: 'auto', fallbackReason: (error as Error).message };
    }
  }
  const spec = BACKENDS[name];
  if (name === 'wasm') await initWasm(options);
  else if (name === 'cpu') {
    if (!(await activate('cpu'))) throw new MetatuneError('BACKEND_UNAVAILABLE', 'the cpu backend failed to initialise', { hint: 'this should not happen; please report it' });
  } else await initOptional(spec);
  return { name, tfName: spec.tfName, requested: name };
}
