"""deap 1.3's CMA-ES overhead, timed the way functions.bench.ts times metatune's CMA-ES.

The peer script (shared/peers/cmaes_deap.py) reports wall time of its whole loop, objective
included, which a loaded machine inflates. This script runs the same loop (the peer script's
functions, x0 ~ U[-4, 4]^D with numpy seed = run seed, sigma0 = 2, deap's default lambda, stop at
f <= 1e-8, at 1e4 D evaluations or at sigma sqrt(max eig C) < 1e-12) and measures, per 1000
evaluations, the process CPU time of `generate` + `update` alone (objective excluded), the wall time
of the same calls, and the wall time of the whole loop, so both libraries are compared on the same
three clocks.

    /usr/bin/python3 tools/bench/evolution/deap_overhead.py --peers ../shared/peers [--seeds 3] [--dims 10,20] [--funcs sphere,ellipsoid,rosenbrock]

Last line of stdout: one JSON object.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peers", required=True, help="folder holding cmaes_deap.py")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--dims", default="10,20")
    ap.add_argument("--funcs", default="sphere,ellipsoid,rosenbrock")
    a = ap.parse_args()
    sys.path.insert(0, a.peers)
    import cmaes_deap as peer  # the peer's functions, target and deap classes
    from deap import cma, creator

    rows = []
    for d in [int(v) for v in a.dims.split(",")]:
        for fname in a.funcs.split(","):
            f = peer.shifted(peer.FUNCS[fname], d)
            own_cpu, own_wall, wall, hits = [], [], [], []
            for seed in range(a.seeds):
                np.random.seed(seed)
                strategy = cma.Strategy(centroid=np.random.uniform(-4, 4, d), sigma=2.0)
                evals, cpu, own, hit = 0, 0.0, 0.0, None
                t0 = time.perf_counter()
                while evals < 10_000 * d:
                    c0, w0 = time.process_time(), time.perf_counter()
                    pop = strategy.generate(creator.Individual)
                    own += time.perf_counter() - w0
                    cpu += time.process_time() - c0
                    fit = f(np.array(pop))
                    for ind, v in zip(pop, fit):
                        ind.fitness.values = (float(v),)
                    evals += len(pop)
                    if fit.min() <= peer.TARGET:
                        hit = evals - len(pop) + int(np.argmax(fit <= peer.TARGET)) + 1
                        break
                    c0, w0 = time.process_time(), time.perf_counter()
                    strategy.update(pop)
                    own += time.perf_counter() - w0
                    cpu += time.process_time() - c0
                    if strategy.sigma * strategy.diagD.max() < 1e-12:
                        break
                wall.append(1e6 * (time.perf_counter() - t0) / evals)
                own_cpu.append(1e6 * cpu / evals)
                own_wall.append(1e6 * own / evals)
                hits.append(hit)
            rows.append({
                "func": fname, "dim": d, "runs": a.seeds,
                "success_rate": sum(h is not None for h in hits) / a.seeds,
                "evals_to_target_median": float(np.median([h for h in hits if h is not None])) if any(h is not None for h in hits) else None,
                "own_cpu_ms_per_1000_evals_median": round(float(np.median(own_cpu)), 3),
                "own_wall_ms_per_1000_evals_median": round(float(np.median(own_wall)), 3),
                "wall_ms_per_1000_evals_median": round(float(np.median(wall)), 3),
            })
            print(json.dumps(rows[-1]), file=sys.stderr)
    print(json.dumps({"bench": "deap_overhead", "seeds": a.seeds, "results": rows}))


if __name__ == "__main__":
    main()
