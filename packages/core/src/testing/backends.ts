import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Backends the core test suites run on. */
export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

/** A backend name the test suites know. */
export type TestBackend = (typeof TEST_BACKENDS)[number];

let wasmPathsSet = false;

/**
 * Activates a backend for tests. In Node, the wasm backend needs the directory of its .wasm
 * files; it is resolved from the installed package (the same thing @metatune/backends does).
 */
export async function useBackend(name: TestBackend): Promise<void> {
  if (name === 'wasm' && !wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(join(wasmDir, '/'));
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`could not initialise the ${name} backend`);
  await tf.ready();
}
