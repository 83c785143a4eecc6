import { SIMD_KERNELS_WASM_BASE64 } from './kernels/simd-kernels-wasm';

/** The part of tfjs-backend-wasm's backend object that holds its Emscripten module. */
export interface WasmModuleHolder {
  wasm: { asm?: { memory?: unknown } };
}

/** The exports of kernels/simd-kernels.wat; offsets and strides in bytes. */
export interface SimdKernels {
  bmmColumns(a: number, b: number, c: number, batch: number, m: number, n: number, k: number, sab: number, sai: number, sap: number, sbb: number, sbp: number): void;
  bmmDots(a: number, b: number, c: number, batch: number, m: number, n: number, k: number, sab: number, sai: number, sbb: number, sbj: number): void;
  bmmStrided(a: number, b: number, c: number, batch: number, m: number, n: number, k: number, sab: number, sai: number, sap: number, sbb: number, sbp: number, sbj: number): void;
  sumMiddle(x: number, out: number, outer: number, reduce: number, inner: number): void;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** One instance per backend object (each has its own memory); null where it cannot run. */
const instances = new WeakMap<object, SimdKernels | null>();

/**
 * metatune's SIMD kernels instantiated on `backend`'s own memory: synchronously (the module is
 * under 2 kB, within browsers' 4 kB limit for main-thread compilation). Null when this engine
 * lacks WebAssembly SIMD, this tfjs-backend-wasm build does not expose its memory, or the memory
 * is shared (the threaded build); callers then run tfjs's own kernels.
 */
export function simdKernelsFor(backend: WasmModuleHolder): SimdKernels | null {
  let kernels = instances.get(backend);
  if (kernels !== undefined) return kernels;
  kernels = null;
  const memory = backend.wasm?.asm?.memory;
  const bytes = decodeBase64(SIMD_KERNELS_WASM_BASE64);
  // The module imports an unshared memory: the threaded build of tfjs-backend-wasm (browsers with
  // cross-origin isolation) has a shared one, which it cannot link to.
  const unshared = memory instanceof WebAssembly.Memory && !(typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer);
  if (unshared && WebAssembly.validate(bytes)) {
    try {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      kernels = instance.exports as unknown as SimdKernels;
    } catch {
      kernels = null; // an engine that validates but cannot link it: tfjs's own kernels run
    }
  }
  instances.set(backend, kernels);
  return kernels;
}
