"""Benchmark rolegraph at taxonomy scale: ESCO import, loading, queries, memory.

Run ``make bench`` (or ``python bench/run.py``). It prints the figures and writes
``bench/results.json`` with:

- ``esco_triples``: triples in the imported ESCO file;
- ``import_s``: ESCO CSV → RDF file (``rolegraph import esco``);
- ``cold_load_s``: RDF file → queryable graph as the CLI and app do it
  (``rolegraph.load``, built-in data + ESCO, empty cache; includes writing the cache);
- ``warm_load_s``: the same load on a second start, from the cache;
- ``baseline_rdflib_load_s``: plain ``rdflib.Graph().parse`` of the same file;
- ``oxigraph_raw_load_s``: pyoxigraph ``Store().load`` of the same file (the practical limit);
- ``query_p95_ms`` (and ``query_p50_ms``): per query type over ``--queries`` queries each;
- ``peak_rss_mb``: the largest peak resident memory of rolegraph's own processes
  (cold load; warm load plus every query);
- ``app_first_graph_s``: a fresh process, warm cache, from interpreter start to the
  neighbourhood of ``data-engineer`` answered (what the app draws first, less Streamlit).

Every measurement runs in its own Python process, so each load starts cold and
each peak memory is that process's own; loads are repeated (``--repeat``) and
the median kept. Figures depend on the machine and its load: rerun to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
ESCO_DIR = Path(os.environ.get("ROLEGRAPH_ESCO_DIR", ROOT.parent / "shared" / "data" / "esco-1.1.1"))
JD_DIR = ROOT / "tests" / "data" / "jd"
QUERY_TYPES = ("owner", "compare", "path", "neighbours", "need")


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: kB


# ----------------------------------------------------------------- child processes


def child_import(esco_dir: str, out: str) -> dict:
    from rolegraph.importers import import_esco

    t = time.perf_counter()
    res = import_esco(esco_dir, out, progress=False)
    return {"seconds": time.perf_counter() - t, "triples": res["triples"], "quirks": res["quirks"], "rss_mb": _rss_mb()}


def child_rdflib(path: str) -> dict:
    import rdflib

    t = time.perf_counter()
    g = rdflib.Graph()
    g.parse(path, format="turtle")
    return {"seconds": time.perf_counter() - t, "triples": len(g), "rss_mb": _rss_mb()}


def child_oxigraph(path: str) -> dict:
    import pyoxigraph as ox

    t = time.perf_counter()
    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.TURTLE)
    return {"seconds": time.perf_counter() - t, "triples": len(store), "rss_mb": _rss_mb()}


def child_load(path: str) -> dict:
    import rolegraph

    t = time.perf_counter()
    rg = rolegraph.load([path])
    return {"seconds": time.perf_counter() - t, "nodes": rg.G.number_of_nodes(), "edges": rg.G.number_of_edges(), "rss_mb": _rss_mb()}


def child_first_graph(path: str) -> dict:
    import rolegraph

    rg = rolegraph.load([path])
    res = rolegraph.neighbours(rg, "data-engineer", radius=1)
    return {"nodes": len(res["nodes"]), "rss_mb": _rss_mb()}


def _query_sets(rg, n: int) -> dict[str, list[tuple]]:
    rnd = random.Random(6)
    occupations = sorted(r for r in rg.of_type("role") if "data.europa.eu/esco" in r)
    skills = sorted(s for s in rg.of_type("skill") if "data.europa.eu/esco" in s)
    label = lambda iri: rg.G.nodes[iri]["label"]  # noqa: E731
    pairs = [rnd.sample(occupations, 2) for _ in range(2 * n)]
    jds = [p.read_text() for p in sorted(JD_DIR.glob("*.txt"))]
    return {
        "owner": [(label(s),) for s in rnd.sample(skills, n)],
        # half by IRI, half by label: both ways users name an occupation
        "compare": [(a, b) if i % 2 else (label(a), label(b)) for i, (a, b) in enumerate(pairs[:n])],
        "path": [(a, b) if i % 2 else (label(a), label(b)) for i, (a, b) in enumerate(pairs[n:])],
        "neighbours": [(x,) if i % 2 else (label(x),) for i, x in enumerate(rnd.sample(occupations + skills, n))],
        "need": [(jds[i % len(jds)],) for i in range(max(n, len(jds)))],
    }


def child_queries(path: str, n: int) -> dict:
    import rolegraph
    from rolegraph.errors import RolegraphError

    t = time.perf_counter()
    rg = rolegraph.load([path])
    load_s = time.perf_counter() - t
    fns = {
        "owner": rolegraph.owner,
        "compare": rolegraph.compare,
        "path": rolegraph.path,
        "neighbours": rolegraph.neighbours,
        "need": rolegraph.need,
    }
    out: dict = {"load_s": load_s, "p50_ms": {}, "p95_ms": {}, "max_ms": {}, "count": {}, "errors": {}}
    for kind, queries in _query_sets(rg, n).items():
        times, errors = [], 0
        for args in queries:
            t = time.perf_counter()
            try:
                fns[kind](rg, *args)
            except RolegraphError:  # e.g. a label that names two things; still a timed answer
                errors += 1
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        out["p50_ms"][kind] = round(statistics.median(times), 2)
        out["p95_ms"][kind] = round(times[min(len(times) - 1, int(0.95 * len(times)))], 2)
        out["max_ms"][kind] = round(times[-1], 1)
        out["count"][kind] = len(times)
        out["errors"][kind] = errors
    out["rss_mb"] = _rss_mb()
    return out


CHILDREN = {
    "import": child_import,
    "rdflib": child_rdflib,
    "oxigraph": child_oxigraph,
    "load": child_load,
    "first-graph": child_first_graph,
    "queries": child_queries,
}


# ----------------------------------------------------------------- parent


def run_child(name: str, *args, cache_dir: Path | None = None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if cache_dir is not None:
        env["ROLEGRAPH_CACHE_DIR"] = str(cache_dir)
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", name, *map(str, args)], capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"bench child {name} failed:\n{proc.stderr}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["wall_s"] = wall
    return res


def median(values) -> float:
    return round(statistics.median(values), 3)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--esco", default=str(ESCO_DIR), help="ESCO CSV folder (default ../shared/data/esco-1.1.1)")
    p.add_argument("--queries", type=int, default=200, help="queries per type (default 200)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each load, median kept (default 3)")
    p.add_argument("--skip-rdflib", action="store_true", help="leave out the slow rdflib baseline")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        fn = CHILDREN[args.child]
        rest = [int(a) if a.isdigit() else a for a in args.rest]
        print(json.dumps(fn(*rest)))
        return 0

    WORK.mkdir(parents=True, exist_ok=True)
    ttl = WORK / "esco.ttl"
    say = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    say(f"importing {args.esco} ...")
    imp = run_child("import", args.esco, ttl)
    say(f"  {imp['triples']:,} triples in {imp['seconds']:.2f} s")

    raw = [run_child("oxigraph", ttl) for _ in range(args.repeat)]
    say(f"pyoxigraph raw load: {median(r['seconds'] for r in raw)} s")
    colds, warms, firsts = [], [], []
    for _ in range(args.repeat):
        folder = Path(tempfile.mkdtemp(prefix="rolegraph-bench-cache-"))
        try:
            colds.append(run_child("load", ttl, cache_dir=folder))
            warms.append(run_child("load", ttl, cache_dir=folder))
            run_child("first-graph", ttl, cache_dir=folder)  # builds and keeps the label index
            firsts.append(run_child("first-graph", ttl, cache_dir=folder))
            if len(colds) == args.repeat:
                queries = run_child("queries", ttl, args.queries, cache_dir=folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    say(f"cold load: {median(r['seconds'] for r in colds)} s; warm load: {median(r['seconds'] for r in warms)} s")
    baseline = None if args.skip_rdflib else run_child("rdflib", ttl)
    if baseline:
        say(f"rdflib baseline: {baseline['seconds']:.1f} s, {baseline['rss_mb']} MB")

    raw_s = median(r["seconds"] for r in raw)
    cold_s = median(r["seconds"] for r in colds)
    results = {
        "esco_triples": imp["triples"],
        "import_s": round(imp["seconds"], 3),
        "cold_load_s": cold_s,
        "warm_load_s": median(r["seconds"] for r in warms),
        "baseline_rdflib_load_s": round(baseline["seconds"], 3) if baseline else None,
        "oxigraph_raw_load_s": raw_s,
        "query_p95_ms": queries["p95_ms"],
        "query_p50_ms": queries["p50_ms"],
        "query_max_ms": queries["max_ms"],
        "queries_per_type": queries["count"],
        "query_errors": queries["errors"],
        "peak_rss_mb": max([r["rss_mb"] for r in colds] + [queries["rss_mb"]]),
        "app_first_graph_s": median(r["wall_s"] for r in firsts),
        "cold_over_raw": round(cold_s / raw_s, 2),
        "baseline_rdflib_rss_mb": baseline["rss_mb"] if baseline else None,
        "import_quirks": imp["quirks"],
        "graph": {"nodes": colds[0]["nodes"], "edges": colds[0]["edges"]},
        "machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version()},
    }
    results["targets_met"] = {
        "warm_load_le_1s": results["warm_load_s"] <= 1.0,
        "query_p95_le_50ms": all(v <= 50 for v in results["query_p95_ms"].values()),
        "cold_le_3x_raw": results["cold_over_raw"] <= 3.0,
        "peak_rss_le_1500mb": results["peak_rss_mb"] <= 1500,
        "app_first_graph_lt_5s": results["app_first_graph_s"] < 5.0,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    say(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
