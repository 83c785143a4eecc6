import { expect } from 'vitest';
import type { Eigen } from '../util/eigen';

/**
 * Checks an eigendecomposition of the row-major n x n matrix `a`: V diag(w) V^T reconstructs `a`
 * to within `tolerance` (relative to the largest |eigenvalue|), V is orthonormal, and the
 * eigenvalues ascend. Test-only helper (excluded from the build).
 */
export function expectEigenDecomposition({ values, vectors }: Eigen, a: Float64Array, n: number, tolerance: number): void {
  const scale = Math.max(...Array.from(values, Math.abs), 1e-300);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let rec = 0;
      let dot = 0;
      for (let k = 0; k < n; k++) {
        rec += vectors[i * n + k] * values[k] * vectors[j * n + k];
        dot += vectors[k * n + i] * vectors[k * n + j];
      }
      expect(Math.abs(rec - a[i * n + j]) / scale).toBeLessThan(tolerance);
      expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12);
    }
  }
  for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
}
