"""How long the explorer's node selection takes on a large graph (not a test: it prints figures).

    .venv/bin/python bench/view_select.py --data bench/work/esco.ttl [--runs 20]

Loads the built-in graph plus the file (as the app's "Graph" choice does), then times
``rolegraph.view.select`` for the views the app draws first: no focus (the start page),
a role filter, and a focus on a built-in role; and ``rolegraph.session.role_choices``
(the Roles picker's options). Prints the median and worst of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import time

import rolegraph
from rolegraph import session as gs
from rolegraph import view as gv
from rolegraph.explorer.state import View


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", action="append", default=[], help="RDF file loaded beside the built-in graph")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    t = time.perf_counter()
    rg = rolegraph.load(args.data)
    print(f"load: {time.perf_counter() - t:.2f} s, {len(rg.G):,} nodes, {len(rg.of_type('role')):,} roles")
    cases = {
        "select, no focus (start page)": lambda: gv.select(rg, View()),
        "select, skills only": lambda: gv.select(rg, View(types=("skill",))),
        "select, role filter": lambda: gv.select(rg, View(roles=("data-engineer",))),
        "select, focus radius 2": lambda: gv.select(rg, View(focus="data-engineer", radius=2)),
        "roles picker options": lambda: gs.role_choices(rg),
    }
    for name, fn in cases.items():
        med, worst = timed(fn, args.runs)
        print(f"{name:32s} median {med:8.1f} ms   worst {worst:8.1f} ms")


if __name__ == "__main__":
    main()
