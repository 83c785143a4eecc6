/**
 * Synthetic test functions with the domains of BoTorch's test functions (and of
 * ../shared/peers/hpo_optuna.py), all minimised. Local to the bench so that it does not depend on
 * @metatune/tasks while that package is being written.
 */
export interface TestFunction {
  readonly name: string;
  readonly bounds: readonly (readonly [number, number])[];
  readonly optimum: number;
  readonly budget: number;
  readonly f: (x: readonly number[]) => number;
}

export function branin(x: readonly number[]): number {
  const [x1, x2] = x;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));

export function hartmann6(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < 6; j++) e += H_A[i][j] * (x[j] - H_P[i][j]) ** 2;
    s += H_ALPHA[i] * Math.exp(-e);
  }
  return -s;
}

export function rosenbrock(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
}

export function ackley(x: readonly number[]): number {
  const d = x.length;
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    s1 += v * v;
    s2 += Math.cos(2 * Math.PI * v);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
}

export function levy(x: readonly number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const d = w.length;
  let s = Math.sin(Math.PI * w[0]) ** 2;
  for (let i = 0; i < d - 1; i++) s += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
  s += (w[d - 1] - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[d - 1]) ** 2);
  return s;
}

const rep = (d: number, lo: number, hi: number) => Array.from({ length: d }, () => [lo, hi] as const);

/** The five functions of the quality bench, with the budgets of the issue. */
export const FUNCTIONS: readonly TestFunction[] = [
  { name: 'branin', bounds: [[-5, 10], [0, 15]], optimum: 0.397887357729738, budget: 50, f: branin },
  { name: 'hartmann6', bounds: rep(6, 0, 1), optimum: -3.32236801141551, budget: 100, f: hartmann6 },
  { name: 'rosenbrock10', bounds: rep(10, -5, 10), optimum: 0, budget: 200, f: rosenbrock },
  { name: 'ackley10', bounds: rep(10, -32.768, 32.768), optimum: 0, budget: 200, f: ackley },
  { name: 'levy10', bounds: rep(10, -10, 10), optimum: 0, budget: 200, f: levy },
];
