"""Classical local optimisers started inside Hartmann6's basin: evaluations to a target regret.

The reference for basin-oracle.bench.ts: how many evaluations a method that is told the basin needs
to converge there. For each seed, Hartmann6 (BoTorch's definition, domain [0, 1]^6) is rotated about
its minimiser by a random orthogonal matrix (as @metatune/tasks' functionFamily does; numpy's
generator, so not the same matrices), and each method starts at the point of a random ray from the
minimiser where the regret is `--level`. Prints one JSON line.

    /usr/bin/python3 tools/bench/bayesopt/local-optimizers.py --seeds 10 --level 0.1 --target 4.5e-5

Needs scipy (Debian: python3-scipy); a side-by-side reference, never run in CI.
"""
import argparse
import json

import numpy as np
import scipy
import scipy.optimize

A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])
ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
MINIMISER = np.array([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573])


def hartmann6(x):
    return -np.sum(ALPHA * np.exp(-np.sum(A * (x - P) ** 2, axis=1)))


F_MIN = hartmann6(MINIMISER)

# Tolerances far below the target, so that each method runs until the evaluation cap, not its own stop.
METHODS = {
    'Nelder-Mead': {'xatol': 1e-10, 'fatol': 1e-14, 'maxfev': 400},
    'Powell': {'xtol': 1e-10, 'ftol': 1e-14, 'maxfev': 400},
    'COBYLA': {'rhobeg': 0.05, 'tol': 1e-12, 'maxiter': 400},
    'L-BFGS-B': {'maxfun': 400},  # gradients by finite differences: 7 evaluations each in 6-D
}


def basin_start(regret, rng, level):
    ray = rng.normal(size=6)
    ray /= np.linalg.norm(ray)
    inside, outside = 0.0, 1.0
    for _ in range(60):
        t = (inside + outside) / 2
        if regret(MINIMISER + t * ray) < level:
            inside = t
        else:
            outside = t
    return MINIMISER + inside * ray


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seeds', type=int, default=10)
    parser.add_argument('--level', type=float, default=0.1)
    parser.add_argument('--target', type=float, default=4.5e-5)
    args = parser.parse_args()
    reached = {name: [] for name in METHODS}
    for seed in range(1, args.seeds + 1):
        rng = np.random.default_rng(seed)
        rotation, _ = np.linalg.qr(rng.normal(size=(6, 6)))

        def regret(x, rotation=rotation):
            return hartmann6(np.clip(MINIMISER + rotation @ (x - MINIMISER), 0, 1)) - F_MIN

        start = basin_start(regret, rng, args.level)
        for name, options in METHODS.items():
            trace = []

            def objective(x, trace=trace, regret=regret):
                value = regret(np.clip(x, 0, 1))
                trace.append(value)
                return value

            scipy.optimize.minimize(objective, start, method=name, options=options)
            hits = np.nonzero(np.minimum.accumulate(trace) <= args.target)[0]
            reached[name].append(int(hits[0]) + 1 if len(hits) else None)
    results = []
    for name, evaluations in reached.items():
        # A seed that never reaches the target counts as worse than any that does.
        ordered = sorted(e if e is not None else float('inf') for e in evaluations)
        mid = (ordered[(len(ordered) - 1) // 2] + ordered[len(ordered) // 2]) / 2
        results.append({'method': name, 'evaluationsToTarget': evaluations, 'medianEvaluations': mid if np.isfinite(mid) else None})
    print(json.dumps({'scipy': scipy.__version__, 'level': args.level, 'target': args.target, 'seeds': args.seeds, 'results': results}))


if __name__ == '__main__':
    main()
