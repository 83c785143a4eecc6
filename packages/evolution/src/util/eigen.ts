/**
 * Symmetric eigendecomposition by the cyclic Jacobi method, in Float64. Chosen over tridiagonal
 * QL for its simplicity and its accuracy on the small (d <= a few hundred), well-conditioned
 * covariance matrices CMA-ES needs; CMA-ES only calls it every few generations (lazy update).
 */
export interface Eigen {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /** Eigenvectors as columns of a row-major n x n matrix: vectors[i * n + k] is component i of vector k. */
  readonly vectors: Float64Array;
}

/**
 * Decomposes the symmetric row-major n x n matrix `a` (only read, never written). `guess`, an
 * orthogonal matrix of approximate eigenvectors (columns), lets Jacobi start from
 * guess^T a guess, which is nearly diagonal when `a` changed little since `guess` was computed.
 */
export function symmetricEigen(a: Float64Array, n: number, guess?: Float64Array): Eigen {
  let m = Float64Array.from(a);
  // Symmetrise to absorb rounding asymmetry of the caller's updates.
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) m[i * n + j] = m[j * n + i] = 0.5 * (m[i * n + j] + m[j * n + i]);
  const v = new Float64Array(n * n);
  if (guess !== undefined && guess.length === n * n) {
    v.set(guess);
    const t = new Float64Array(n * n); // a * guess
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
      const aik = m[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) t[i * n + j] += aik * guess[k * n + j];
    }
    const r = new Float64Array(n * n); // guess^T * t
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) {
      const gki = guess[k * n + i];
      if (gki === 0) continue;
      for (let j = 0; j < n; j++) r[i * n + j] += gki * t[k * n + j];
    }
    m = r;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) m[i * n + j] = m[j * n + i] = 0.5 * (m[i * n + j] + m[j * n + i]);
  } else {
    for (let i = 0; i < n; i++) v[i * n + i] = 1;
  }
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        const app = m[p * n + p];
        const aqq = m[q * n + q];
        // Demmel-Veselic criterion: an entry negligible against sqrt(app aqq) is set to zero, which
        // keeps even tiny eigenvalues accurate to relative precision and ends the sweeps.
        if (Math.abs(apq) <= 1e-15 * Math.sqrt(Math.abs(app * aqq)) || apq === 0) {
          m[p * n + q] = 0;
          m[q * n + p] = 0;
          continue;
        }
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // m stays symmetric, so one pass over k updates row and column p and q together
        // (the 2 x 2 block in closed form: the rotation annihilates (p, q), diagonal moves by t apq).
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          const np = c * mkp - s * mkq;
          const nq = s * mkp + c * mkq;
          m[k * n + p] = np;
          m[p * n + k] = np;
          m[k * n + q] = nq;
          m[q * n + k] = nq;
        }
        m[p * n + p] = app - t * apq;
        m[q * n + q] = aqq + t * apq;
        m[p * n + q] = 0;
        m[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
    if (!rotated) break;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i] - m[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = m[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = v[i * n + src];
  });
  return { values, vectors };
}
