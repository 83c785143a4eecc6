import type { Rng } from '@metatune/core';

/**
 * The standard-normal steps of one CMA-ES generation by mirrored orthogonal sampling (Wang,
 * Emmerich and Bäck, "Mirrored orthogonal sampling for covariance matrix adaptation evolution
 * strategies", Evolutionary Computation 2019; here without their pairwise selection: see
 * `CmaesOptions.sampling`).
 *
 * The first ceil(lambda / 2) steps are drawn as Gaussian vectors and made mutually orthogonal by
 * Gram-Schmidt, in blocks of n (at most n vectors can be orthogonal), each keeping the length of
 * the Gaussian vector it came from; the other floor(lambda / 2) are their negatives. Every step is
 * still marginally N(0, I) (a uniformly random direction times a chi-distributed length), but a
 * generation covers the directions evenly and its symmetric noise cancels in the mean update.
 *
 * @param rng - the optimizer's stream; n * ceil(lambda / 2) normals are drawn, more only in the
 * (probability-zero) case of a degenerate vector.
 * @param n - the dimension.
 * @param lambda - the population size.
 * @returns lambda vectors of length n; vector k + ceil(lambda / 2) is the negative of vector k.
 */
export function mirroredOrthogonalSteps(rng: Rng, n: number, lambda: number): Float64Array[] {
  const half = Math.ceil(lambda / 2);
  const steps: Float64Array[] = [];
  for (let k = 0; k < half; k++) {
    const blockStart = k - (k % n);
    for (;;) {
      const v = new Float64Array(n);
      let length2 = 0;
      for (let i = 0; i < n; i++) {
        v[i] = rng.normal();
        length2 += v[i] * v[i];
      }
      // Remove the components along the block's earlier vectors (modified Gram-Schmidt).
      for (let j = blockStart; j < k; j++) {
        const u = steps[j];
        let dot = 0;
        let uu = 0;
        for (let i = 0; i < n; i++) {
          dot += v[i] * u[i];
          uu += u[i] * u[i];
        }
        const c = dot / uu;
        for (let i = 0; i < n; i++) v[i] -= c * u[i];
      }
      let rest2 = 0;
      for (let i = 0; i < n; i++) rest2 += v[i] * v[i];
      if (!(rest2 > 1e-12 * length2)) continue; // nearly in the span of the earlier ones: draw again
      const scale = Math.sqrt(length2 / rest2);
      for (let i = 0; i < n; i++) v[i] *= scale;
      steps.push(v);
      break;
    }
  }
  for (let k = half; k < lambda; k++) steps.push(steps[k - half].map((x) => -x));
  return steps;
}
