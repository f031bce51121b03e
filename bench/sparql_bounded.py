"""What bounding in-memory SPARQL costs: a query run in a forked child against the same query in-process.

Run: .venv/bin/python bench/sparql_bounded.py [--data PATH] [--runs N]
Prints p50 and p95 (ms) of a small SELECT: the check every query gets, the run in a forked child
(killed at ROLEGRAPH_QUERY_TIMEOUT_S) and the same engine call in this process, and the process's
resident memory (fork copies page tables, so its cost grows with it).
"""

from __future__ import annotations

import argparse
import statistics
import time

import rolegraph
from rolegraph import sparql, sparql_run
from rolegraph.bounded import bounded as run_bounded

QUERY = "SELECT ?r ?label WHERE { ?r a rg:Role ; skos:prefLabel ?label } ORDER BY ?label LIMIT 20"


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(fn, runs: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", action="append", default=[])
    ap.add_argument("--runs", type=int, default=100)
    args = ap.parse_args()
    rg = rolegraph.load(args.data)
    g = rg.rdf
    form, full = sparql.check(QUERY, in_memory=True)
    checked = timed(lambda: sparql.check(QUERY, in_memory=True), args.runs)
    bounded = timed(lambda: run_bounded(sparql_run._answer, g, full, form, 100_000), args.runs)
    direct = timed(lambda: sparql_run._answer(g, full, form, 100_000), args.runs)
    print(f"graph: {len(g):,} triples, process {rss_mb():,.0f} MB resident")
    print(f"check (rdflib parse, both before and now): p50 {checked[0]:6.1f} ms  p95 {checked[1]:6.1f} ms")
    print(f"run in a forked child (bounded):           p50 {bounded[0]:6.1f} ms  p95 {bounded[1]:6.1f} ms")
    print(f"run in this process (unbounded):           p50 {direct[0]:6.1f} ms  p95 {direct[1]:6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
