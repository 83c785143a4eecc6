/**
 * Shifted test functions of the reference runs (peers/cmaes_deap.py): f* = 0 at
 * x_opt[i] = 4 sin(i + 1). Test-only helpers (excluded from the build); the benches keep their own copy.
 */
export type TestFunction = (x: ArrayLike<number>) => number;

/** x_opt[i] = 4 sin(i + 1). */
export function shift(d: number): Float64Array {
  return Float64Array.from({ length: d }, (_, i) => 4 * Math.sin(i + 1));
}

/** The four functions of the reference runs, shifted. */
export function shifted(name: 'sphere' | 'ellipsoid' | 'rosenbrock' | 'rastrigin', d: number): TestFunction {
  const xo = shift(d);
  return (x) => {
    let s = 0;
    if (name === 'rosenbrock') {
      for (let i = 0; i < d - 1; i++) {
        const u = x[i] - xo[i] + 1;
        const v = x[i + 1] - xo[i + 1] + 1;
        s += 100 * (v - u * u) ** 2 + (1 - u) ** 2;
      }
      return s;
    }
    for (let i = 0; i < d; i++) {
      const z = x[i] - xo[i];
      if (name === 'sphere') s += z * z;
      else if (name === 'ellipsoid') s += 10 ** ((6 * i) / (d - 1)) * z * z;
      else s += z * z - 10 * Math.cos(2 * Math.PI * z) + 10;
    }
    return s;
  };
}
