// WebAssembly text to binary, with the SIMD proposal enabled (wabt's JavaScript build).
import createWabt from 'wabt';

/** Compiles WebAssembly text to a validated binary module. */
export async function compileWat(text) {
  const wabt = await createWabt();
  const module = wabt.parseWat('simd-kernels.wat', text, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
