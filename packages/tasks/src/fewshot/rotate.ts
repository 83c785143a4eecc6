/**
 * Copies a square image rotated by `quarter` x 90 degrees counter-clockwise into `out` as floats.
 * Rotations make new classes for Omniglot (Santoro et al. 2016; Finn et al. 2017).
 */
export function copyRotated(src: Uint8Array | Float32Array, srcOffset: number, size: number, quarter: number, out: Float32Array, outOffset: number): void {
  const n = size - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Source pixel that lands at (y, x) after rotating counter-clockwise.
      let sy: number;
      let sx: number;
      switch (quarter & 3) {
        case 0:
          sy = y;
          sx = x;
          break;
        case 1:
          sy = x;
          sx = n - y;
          break;
        case 2:
          sy = n - y;
          sx = n - x;
          break;
        default:
          sy = n - x;
          sx = y;
      }
      out[outOffset + y * size + x] = src[srcOffset + sy * size + sx];
    }
  }
}
