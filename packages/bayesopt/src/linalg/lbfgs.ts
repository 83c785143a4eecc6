/** Result of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Maximum number of iterations (default 100). */
  readonly maxIterations?: number;
  /** History size m (default 10). */
  readonly memory?: number;
  /** Stop when the max-norm of the gradient falls below this (default 1e-5). */
  readonly gradientTolerance?: number;
  /** Stop when the relative decrease of the objective falls below this (default 1e-9). */
  readonly valueTolerance?: number;
  /** Box bounds applied by projection after every step (optional). */
  readonly lower?: ArrayLike<number>;
  readonly upper?: ArrayLike<number>;
}

/** An objective returning its value and gradient; non-finite values count as "too far". */
export type ValueAndGradient = (x: Float64Array) => { value: number; grad: Float64Array };

function project(x: Float64Array, lower?: ArrayLike<number>, upper?: ArrayLike<number>): void {
  if (!lower || !upper) return;
  for (let i = 0; i < x.length; i++) x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
}

/**
 * Limited-memory BFGS (Nocedal & Wright, Alg. 7.4) with a backtracking Armijo line search,
 * in Float64. Optional bounds are handled by projecting each trial point onto the box (enough
 * for GP hyperparameters, whose bounds only guard against degenerate values). A step that gives
 * a non-finite objective is shrunk like a failed Armijo test.
 */
export function minimizeLbfgs(f: ValueAndGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const maxIter = options.maxIterations ?? 100;
  const m = options.memory ?? 10;
  const gtol = options.gradientTolerance ?? 1e-5;
  const ftol = options.valueTolerance ?? 1e-9;
  const n = x0.length;
  let x = Float64Array.from(x0);
  project(x, options.lower, options.upper);
  let { value, grad } = f(x);
  let evaluations = 1;
  if (!Number.isFinite(value)) return { x, value, iterations: 0, evaluations, converged: false };
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let iterations = 0;
  let converged = false;
  const dir = new Float64Array(n);
  const alpha = new Float64Array(m);
  for (; iterations < maxIter; iterations++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(grad[i]));
    if (gmax < gtol) {
      converged = true;
      break;
    }
    // Two-loop recursion: dir = -H grad.
    for (let i = 0; i < n; i++) dir[i] = -grad[i];
    for (let k = S.length - 1; k >= 0; k--) {
      let s = 0;
      for (let i = 0; i < n; i++) s += S[k][i] * dir[i];
      alpha[k] = rho[k] * s;
      for (let i = 0; i < n; i++) dir[i] -= alpha[k] * Y[k][i];
    }
    if (S.length > 0) {
      const k = S.length - 1;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += S[k][i] * Y[k][i];
        yy += Y[k][i] * Y[k][i];
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    } else {
      // First step: unit-length steepest descent, so the scale of the gradient does not matter.
      let norm = 0;
      for (let i = 0; i < n; i++) norm += dir[i] * dir[i];
      norm = Math.sqrt(norm);
      if (norm > 1) for (let i = 0; i < n; i++) dir[i] /= norm;
    }
    for (let k = 0; k < S.length; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Y[k][i] * dir[i];
      const beta = rho[k] * s;
      for (let i = 0; i < n; i++) dir[i] += S[k][i] * (alpha[k] - beta);
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += grad[i] * dir[i];
    if (!(slope < 0)) {
      // Not a descent direction (curvature information went bad): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -grad[i];
      slope = 0;
      for (let i = 0; i < n; i++) slope += grad[i] * dir[i];
    }
    let step = 1;
    let accepted = false;
    let xNew = x;
    let next = { value, grad };
    for (let ls = 0; ls < 30; ls++) {
      xNew = new Float64Array(n);
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * dir[i];
      project(xNew, options.lower, options.upper);
      next = f(xNew);
      evaluations++;
      if (Number.isFinite(next.value) && next.value <= value + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = next.grad[i] - grad[i];
      sy += s[i] * y[i];
    }
    if (sy > 1e-12) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const decrease = value - next.value;
    x = xNew;
    value = next.value;
    grad = next.grad;
    if (decrease <= ftol * Math.max(1, Math.abs(value))) {
      converged = true;
      iterations++;
      break;
    }
  }
  return { x, value, iterations, evaluations, converged };
}
