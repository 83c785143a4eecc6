import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SIMD_KERNELS_WASM_BASE64 } from './kernels/simd-kernels-wasm';
import { simdKernelsFor } from './wasm-simd-module';
// @ts-expect-error: a plain .mjs build script without types
import { compileWat } from '../scripts/wat.mjs';

describe("metatune's SIMD WebAssembly module", () => {
  it('ships the bytes its WebAssembly text compiles to', async () => {
    const text = await readFile(new URL('./kernels/simd-kernels.wat', import.meta.url), 'utf8');
    const compiled: Uint8Array = await compileWat(text);
    expect(Buffer.from(compiled).toString('base64')).toBe(SIMD_KERNELS_WASM_BASE64);
  });

  it('runs on a memory it imports, and is refused (null) without one', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const kernels = simdKernelsFor({ wasm: { asm: { memory } } })!;
    const heap = new Float32Array(memory.buffer);
    // x = [[1, 2], [3, 4], [5, 6]] at byte 0; column sums at byte 64.
    heap.set([1, 2, 3, 4, 5, 6], 0);
    kernels.sumMiddle(0, 64, 1, 3, 2);
    expect(Array.from(heap.subarray(16, 18))).toEqual([9, 12]);
    expect(simdKernelsFor({ wasm: {} })).toBeNull();
    // The threaded build's shared memory cannot be imported as an unshared one.
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    expect(simdKernelsFor({ wasm: { asm: { memory: shared } } })).toBeNull();
  });
});
