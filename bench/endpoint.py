"""Query latency on a SPARQL endpoint beside in memory, for the same queries (p50 / p95 in ms).

    .venv/bin/python bench/endpoint.py                 # starts its own Oxigraph server on a free port
    .venv/bin/python bench/endpoint.py --repeat 200
    .venv/bin/python bench/endpoint.py --data esco.nt     # with more RDF (e.g. the ESCO import) on both sides
    .venv/bin/python bench/endpoint.py --engine oxigraph --engine virtuoso --data esco.ttl   # both engines, each loaded
    .venv/bin/python bench/endpoint.py --endpoint http://127.0.0.1:7878/query   # a server you loaded with `rolegraph load`
    .venv/bin/python bench/endpoint.py --data esco.ttl --path OCC_IRI data-engineer   # more learning paths to time

A backend reads its label table (every node's type and labels) once, on its first name; that first
question's time is printed on its own, then every query's p50/p95 with the table held.

Every query runs ``--repeat`` times (at least 100) in memory and ``--endpoint-repeat`` times
(default: the same) on each endpoint, after one warm-up run that also checks the answers are
identical. At taxonomy scale an endpoint question can take minutes, so there a handful of runs
(``--endpoint-repeat 3``) is what fits; with fewer than 20 runs the p95 printed is the slowest run.

    .venv/bin/python bench/endpoint.py --engine oxigraph --engine virtuoso --data esco.ttl --endpoint-repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import rolegraph
from rolegraph.backend import EndpointBackend, MemoryBackend
from rolegraph.endpoint import Endpoint
from rolegraph.errors import RolegraphError
from rolegraph.load import load_rdf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import servers

GRAPH = "urn:rolegraph:bench"
JD = Path(__file__).resolve().parent.parent / "tests" / "data" / "jd" / "13-rag-support-assistant.txt"
QUERIES = [
    ("roles", ()),
    ("stats", ()),
    ("describe", ("feature engineering",)),
    ("owner", ("RAG pipeline design",)),
    ("owner", ("feture enginering",)),  # a typo: the fuzzy candidate query runs
    ("path", ("data-engineer", "ml-engineer")),
    ("compare", ("data-engineer", "ml-engineer")),
    ("neighbours", ("ml-engineer",)),
    ("need", (JD.read_text(),)),
    ("sparql", ("SELECT ?r ?l WHERE { ?r a rg:Role ; skos:prefLabel ?l } ORDER BY ?r",)),
]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    if len(samples) < 20:  # too few runs for a 95th percentile: the median and the slowest
        return statistics.median(samples) * 1000, max(samples) * 1000
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[94] * 1000


def _call(backend, method: str, args):
    """One query of QUERIES on a backend: a question by name (a posting is need's ``text``), or SPARQL."""
    if method == "sparql":
        return backend.sparql(*args)
    return backend.ask("need", text=args[0]) if method == "need" else backend.ask(method, *args)


def _first_difference(want, got, where: str = "") -> str:
    """Where two answers first differ (a key path and both values), for a DIFF row."""
    if isinstance(want, dict) and isinstance(got, dict):
        for k in sorted(set(want) | set(got), key=str):
            if want.get(k) != got.get(k):
                return _first_difference(want.get(k), got.get(k), f"{where}.{k}")
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (a, b) in enumerate(zip(want, got, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{where}[{i}]")
    return f"{where or 'answer'}: memory {str(want)[:200]} / endpoint {str(got)[:200]}"


def _time(backend, method: str, args, repeat: int, warm: bool = False) -> list[float]:
    def fn(*a):
        return _call(backend, method, a)

    if not warm:
        fn(*args)
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(*args)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=100)
    p.add_argument("--endpoint-repeat", type=int, default=None, help="runs per question on an endpoint (default: --repeat)")
    p.add_argument("--endpoint", default=None, help="an endpoint already holding the built-in graph (and the --data files)")
    p.add_argument("--engine", action="append", choices=servers.ENGINES, help="a server to start and load (repeatable; default oxigraph)")
    p.add_argument("--data", action="append", default=[], metavar="PATH", help="RDF to add on both sides (repeatable)")
    p.add_argument("--path", nargs=2, action="append", default=[], metavar=("FROM", "TO"), help="a learning path to time too")
    args = p.parse_args()
    queries = QUERIES + [("path", tuple(pair)) for pair in args.path]
    repeat = max(100, args.repeat)
    ep_repeat = max(1, args.endpoint_repeat or repeat)
    with tempfile.TemporaryDirectory() as tmp:
        started, urls = [], {}
        try:
            if args.endpoint:
                urls["given"] = args.endpoint
            for engine in args.engine or ([] if args.endpoint else ["oxigraph"]):
                t = time.perf_counter()
                server = servers.start(engine, Path(tmp) / engine)
                started.append(server)
                server.load(load_rdf(args.data), GRAPH)
                print(f"{engine}: started and loaded in {time.perf_counter() - t:.1f} s", flush=True)
                urls[engine] = server.query
            memory = MemoryBackend(rolegraph.load(args.data))
            remote = {
                name: EndpointBackend(Endpoint(url, timeout=300, graphs=() if name == "given" else (GRAPH,))) for name, url in urls.items()
            }
            print(f"in memory: {len(memory.rg.rdf):,} triples; {repeat} runs each ({ep_repeat} on an endpoint); p50 / p95 in ms")
            for name, backend in remote.items():
                t = time.perf_counter()
                backend.ask("owner", "RAG pipeline design")
                print(f"{name}: first question of a new backend (its label table read): {(time.perf_counter() - t) * 1000:.0f} ms")
            head = f"{'query':<34} {'memory':>15}" + "".join(f" {name:>21}" for name in remote)
            print(head)
            for method, qargs in queries:
                label = f"{method} {'JD ' + JD.name[:13] if method == 'need' else ' '.join(qargs)}"[:34]
                want = _call(memory, method, qargs)
                m50, m95 = _percentiles(_time(memory, method, qargs, repeat))
                row = f"{label:<34} {m50:>7.2f} {m95:>7.2f}"
                for backend in remote.values():
                    try:
                        got = _call(backend, method, qargs)
                        same = got == want
                        if not same:
                            print(f"  {method} differs: {_first_difference(want, got)}", file=sys.stderr)
                        e50, e95 = _percentiles(_time(backend, method, qargs, ep_repeat, warm=True))
                        row += f" {e50:>8.2f} {e95:>8.2f} {'same' if same else 'DIFF'}"
                    except RolegraphError as exc:
                        row += f" {'failed: ' + type(exc).__name__:>21}"
                print(row, flush=True)
        finally:
            for server in started:
                server.stop()


if __name__ == "__main__":
    main()
