/**
 * The classic benchmark functions (formulas and domains as in BoTorch's synthetic test
 * functions; sphere and ellipsoid as in BBOB / the CMA-ES literature, matching the peer
 * benchmarks in this repository).
 */
import type { DimensionRule, GlobalMinimum, Point } from './types';

/** One benchmark family: its formula, domain rule, minimum and dimension rule. */
export interface FunctionDefinition {
  readonly name: string;
  /** Paper or library the definition comes from. */
  readonly source: string;
  readonly dimensions: DimensionRule;
  bounds(d: number): [number, number][];
  optimum(d: number): GlobalMinimum;
  evaluate(x: Point): number;
}

const box = (lo: number, hi: number) => (d: number): [number, number][] => Array.from({ length: d }, () => [lo, hi] as [number, number]);
const fill = (d: number, v: number): number[] => new Array<number>(d).fill(v);

// Hartmann constants (Dixon & Szego 1978), as in BoTorch.
const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN3_A = [
  [3.0, 10, 30],
  [0.1, 10, 35],
  [3.0, 10, 30],
  [0.1, 10, 35],
];
const HARTMANN3_P = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((r) => r.map((v) => v * 1e-4));
const HARTMANN6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));

function hartmann(x: Point, a: number[][], p: number[][]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < a[i].length; j++) inner += a[i][j] * (x[j] - p[i][j]) ** 2;
    sum += HARTMANN_ALPHA[i] * Math.exp(-inner);
  }
  return -sum;
}

/** Branin-Hoo on [-5, 10] x [0, 15]; three global minima, f* = 0.397887. */
export const branin: FunctionDefinition = {
  name: 'branin',
  source: 'Branin (1972); Dixon & Szego (1978)',
  dimensions: { fixed: [2], default: 2 },
  bounds: () => [
    [-5, 10],
    [0, 15],
  ],
  optimum: () => ({
    value: 0.397887,
    minimizers: [
      [-Math.PI, 12.275],
      [Math.PI, 2.275],
      [9.42478, 2.475],
    ],
  }),
  evaluate(x) {
    const b = 5.1 / (4 * Math.PI ** 2);
    const c = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * Math.cos(x[0]) + 10;
  },
};

/** Hartmann 3-D on [0, 1]^3, f* = -3.86278. */
export const hartmann3: FunctionDefinition = {
  name: 'hartmann3',
  source: 'Dixon & Szego (1978)',
  dimensions: { fixed: [3], default: 3 },
  bounds: box(0, 1),
  optimum: () => ({ value: -3.86278, minimizers: [[0.114614, 0.555649, 0.852547]] }),
  evaluate: (x) => hartmann(x, HARTMANN3_A, HARTMANN3_P),
};

/** Hartmann 6-D on [0, 1]^6, f* = -3.32237. */
export const hartmann6: FunctionDefinition = {
  name: 'hartmann6',
  source: 'Dixon & Szego (1978)',
  dimensions: { fixed: [6], default: 6 },
  bounds: box(0, 1),
  optimum: () => ({ value: -3.32237, minimizers: [[0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]] }),
  evaluate: (x) => hartmann(x, HARTMANN6_A, HARTMANN6_P),
};

/** Ackley (a = 20, b = 0.2, c = 2 pi) on [-32.768, 32.768]^d, f* = 0 at 0. */
export const ackley: FunctionDefinition = {
  name: 'ackley',
  source: 'Ackley (1987)',
  dimensions: { min: 1, default: 2 },
  bounds: box(-32.768, 32.768),
  optimum: (d) => ({ value: 0, minimizers: [fill(d, 0)] }),
  evaluate(x) {
    const d = x.length;
    let sq = 0;
    let cos = 0;
    for (let i = 0; i < d; i++) {
      sq += x[i] * x[i];
      cos += Math.cos(2 * Math.PI * x[i]);
    }
    return -20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cos / d) + 20 + Math.E;
  },
};

/** Levy on [-10, 10]^d, f* = 0 at (1, ..., 1). */
export const levy: FunctionDefinition = {
  name: 'levy',
  source: 'Levy & Montalvo (1985)',
  dimensions: { min: 1, default: 2 },
  bounds: box(-10, 10),
  optimum: (d) => ({ value: 0, minimizers: [fill(d, 1)] }),
  evaluate(x) {
    const d = x.length;
    const w = (i: number) => 1 + (x[i] - 1) / 4;
    let sum = Math.sin(Math.PI * w(0)) ** 2;
    for (let i = 0; i < d - 1; i++) sum += (w(i) - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w(i) + 1) ** 2);
    return sum + (w(d - 1) - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w(d - 1)) ** 2);
  },
};

/** Rosenbrock on [-5, 10]^d (d >= 2), f* = 0 at (1, ..., 1). */
export const rosenbrock: FunctionDefinition = {
  name: 'rosenbrock',
  source: 'Rosenbrock (1960)',
  dimensions: { min: 2, default: 2 },
  bounds: box(-5, 10),
  optimum: (d) => ({ value: 0, minimizers: [fill(d, 1)] }),
  evaluate(x) {
    let sum = 0;
    for (let i = 0; i < x.length - 1; i++) sum += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
    return sum;
  },
};

/** Rastrigin on [-5.12, 5.12]^d, f* = 0 at 0. */
export const rastrigin: FunctionDefinition = {
  name: 'rastrigin',
  source: 'Rastrigin (1974)',
  dimensions: { min: 1, default: 2 },
  bounds: box(-5.12, 5.12),
  optimum: (d) => ({ value: 0, minimizers: [fill(d, 0)] }),
  evaluate(x) {
    let sum = 10 * x.length;
    for (let i = 0; i < x.length; i++) sum += x[i] * x[i] - 10 * Math.cos(2 * Math.PI * x[i]);
    return sum;
  },
};

/** Styblinski-Tang on [-5, 5]^d, f* = -39.16617 d at x_i = -2.903534. */
export const styblinskiTang: FunctionDefinition = {
  name: 'styblinski-tang',
  source: 'Styblinski & Tang (1990)',
  dimensions: { min: 1, default: 2 },
  bounds: box(-5, 5),
  optimum: (d) => ({ value: -39.16617 * d, minimizers: [fill(d, -2.903534)] }),
  evaluate(x) {
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += x[i] ** 4 - 16 * x[i] ** 2 + 5 * x[i];
    return sum / 2;
  },
};

/** Sphere sum x_i^2 on [-5, 5]^d (BBOB f1 domain), f* = 0 at 0. */
export const sphere: FunctionDefinition = {
  name: 'sphere',
  source: 'De Jong (1975); BBOB f1 (Hansen et al. 2009)',
  dimensions: { min: 1, default: 2 },
  bounds: box(-5, 5),
  optimum: (d) => ({ value: 0, minimizers: [fill(d, 0)] }),
  evaluate(x) {
    let sum = 0;
    for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
    return sum;
  },
};

/** Ellipsoid sum 10^(6 i / (d - 1)) x_i^2 on [-5, 5]^d (BBOB f2 without T_osz; d >= 2), f* = 0 at 0. */
export const ellipsoid: FunctionDefinition = {
  name: 'ellipsoid',
  source: 'BBOB f2 without T_osz (Hansen et al. 2009)',
  dimensions: { min: 2, default: 2 },
  bounds: box(-5, 5),
  optimum: (d) => ({ value: 0, minimizers: [fill(d, 0)] }),
  evaluate(x) {
    const d = x.length;
    let sum = 0;
    for (let i = 0; i < d; i++) sum += 10 ** ((6 * i) / (d - 1)) * x[i] * x[i];
    return sum;
  },
};

/** Every definition by name. */
export const FUNCTION_DEFINITIONS = {
  branin,
  hartmann3,
  hartmann6,
  ackley,
  levy,
  rosenbrock,
  rastrigin,
  'styblinski-tang': styblinskiTang,
  sphere,
  ellipsoid,
} as const;

/** A benchmark function's name. */
export type BenchmarkFunctionName = keyof typeof FUNCTION_DEFINITIONS;
