"""How long the first download of each format takes for a view in the explorer (not a test: it prints figures).

    .venv/bin/python bench/view_exports.py [--focus data-engineer] [--radius 1] [--runs 3]

The app writes a file only when *Download* is pressed, then caches it per view and
format; this prints the median time of :func:`rolegraph.export.one_file` for every
format offered for the view (the first press), and how long drawing the view takes
for comparison (every rerun pays that, never an export).
"""

from __future__ import annotations

import argparse
import statistics
import time

import rolegraph
from rolegraph import export as gexport
from rolegraph import render
from rolegraph import view as gv
from rolegraph.explorer.state import View


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--focus", default="data-engineer")
    ap.add_argument("--radius", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    rg = rolegraph.load()
    nodes = gv.select(rg, View(focus=args.focus, radius=args.radius))["nodes"]
    print(f"view: focus={args.focus} radius={args.radius}, {len(nodes)} nodes; median of {args.runs} runs")
    print(f"{'draw the view (every rerun)':<30} {median_ms(lambda: render.drawing(rg, nodes), args.runs):8.1f} ms")
    for c in gexport.offers(rg, nodes):
        if not c["available"]:
            print(f"{c['format']:<30} {'not offered':>11}: {c['why']}")
            continue
        size = len(gexport.one_file(rg, nodes, c["format"])[1])
        ms = median_ms(lambda c=c: gexport.one_file(rg, nodes, c["format"]), args.runs)
        print(f"{c['format']:<30} {ms:8.1f} ms  {size:>9,} bytes  {c['file_name']}")


if __name__ == "__main__":
    main()
