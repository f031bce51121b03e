"""Time every export format on the built-in graph: median of 3 renders, bytes written.

Run: .venv/bin/python scripts/bench_export.py   (prints one line per format; no test depends on it)
"""

from __future__ import annotations

import statistics
import time

import rolegraph
from rolegraph.export import FORMATS, render


def main() -> None:
    t0 = time.perf_counter()
    rg = rolegraph.load()
    print(f"load: {time.perf_counter() - t0:.2f} s, {len(rg.rdf):,} triples, {rg.G.number_of_nodes()} nodes")
    for fmt in FORMATS:
        times, size = [], 0
        for _ in range(3):
            t = time.perf_counter()
            files = render(rg, fmt)
            times.append(time.perf_counter() - t)
            size = sum(len(b) for b in files.values())
        print(f"{fmt:13} {statistics.median(times) * 1000:8.1f} ms  {size:>9,} bytes")


if __name__ == "__main__":
    main()
