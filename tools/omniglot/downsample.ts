/**
 * Area-average downsampling: each output pixel is the mean of the input area it covers, with
 * partial weights for input pixels cut by its border (105 -> 28 is a factor of 3.75).
 */
export function areaDownsample(pixels: Float32Array, size: number, outSize: number): Float32Array {
  const out = new Float32Array(outSize * outSize);
  const scale = size / outSize;
  // Per output index: the input indices it overlaps and their weights (shared by rows and columns).
  const spans: { index: number; weight: number }[][] = [];
  for (let o = 0; o < outSize; o++) {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const span: { index: number; weight: number }[] = [];
    for (let i = Math.floor(lo); i < Math.ceil(hi); i++) {
      const w = Math.min(hi, i + 1) - Math.max(lo, i);
      if (w > 0) span.push({ index: i, weight: w / scale });
    }
    spans.push(span);
  }
  for (let oy = 0; oy < outSize; oy++) {
    for (let ox = 0; ox < outSize; ox++) {
      let sum = 0;
      for (const ry of spans[oy]) for (const rx of spans[ox]) sum += ry.weight * rx.weight * pixels[ry.index * size + rx.index];
      out[oy * outSize + ox] = sum;
    }
  }
  return out;
}
