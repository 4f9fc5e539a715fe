"""How display simplification scales on a noisy, self-crossing route (issue 12).

    python benchmarks/simplify.py [--sizes 10000,20000,40000,80000]
    python benchmarks/simplify.py --sizes 1000000 --methods dp,grid   # the 1M-vertex case

For each size, one random-walk route with steps smaller than the tolerance (so it crosses itself
often) is simplified at the map's tolerance, 0.001°, by shapely's topology-preserving simplify (the
old way), by Douglas-Peucker without the topology check, and by patrolmap's grid pass. Prints seconds
and vertices kept. A measurement, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import shapely

from patrolmap.render.simplify import simplify_lines

TOLERANCE = 0.001


def route(n: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.array([shapely.linestrings(np.cumsum(rng.normal(0, 0.0003, (n, 2)), axis=0) + 140)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,20000,40000,80000")
    parser.add_argument(
        "--methods",
        default="topology,dp,grid",
        help="any of topology,dp,grid (topology-preserving takes minutes past 200,000 vertices)",
    )
    args = parser.parse_args(argv)
    every = {
        "topology": ("topology-preserving", lambda g: shapely.simplify(g, TOLERANCE)),
        "dp": (
            "Douglas-Peucker",
            lambda g: shapely.simplify(g, TOLERANCE, preserve_topology=False),
        ),
        "grid": ("grid pass", lambda g: simplify_lines(g, TOLERANCE)),
    }
    methods = dict(every[key.strip()] for key in args.methods.split(","))
    print(f"{'vertices':>9}  " + "  ".join(f"{name:>26}" for name in methods))
    for n in (int(s) for s in args.sizes.split(",")):
        lines = route(n)
        cells = []
        for simplify in methods.values():
            started = time.process_time()  # CPU seconds: the machines are shared
            kept = int(shapely.get_num_coordinates(simplify(lines)).sum())
            cells.append(f"{time.process_time() - started:8.3f} s {kept:>9,} kept")
        print(f"{n:>9,}  " + "  ".join(f"{c:>26}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
