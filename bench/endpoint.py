"""Query latency on a SPARQL endpoint beside in memory, for the same queries (p50 / p95 in ms).

    .venv/bin/python bench/endpoint.py                 # starts its own Oxigraph server on a free port
    .venv/bin/python bench/endpoint.py --repeat 200
    .venv/bin/python bench/endpoint.py --data esco.nt     # with more RDF (e.g. the ESCO import) on both sides
    .venv/bin/python bench/endpoint.py --endpoint http://127.0.0.1:7878/query   # a server you loaded with `rolegraph load`
    .venv/bin/python bench/endpoint.py --data esco.ttl --path OCC_IRI data-engineer   # more learning paths to time

A backend fetches its label table (every node's type and labels) once, on its first name;
that first question's time is printed on its own, then every query's p50/p95 with the table held.

Every query runs ``--repeat`` times (at least 100) on each backend after one warm-up run,
and the answers are checked to be identical first.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import rolegraph
from rolegraph.backend import EndpointBackend, MemoryBackend
from rolegraph.endpoint import Endpoint, EndpointError, upload
from rolegraph.load import load_rdf

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
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[94] * 1000


def _time(backend, method: str, args, repeat: int) -> list[float]:
    fn = getattr(backend, method)
    fn(*args)
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(*args)
        out.append(time.perf_counter() - t)
    return out


def _serve(work: Path, data) -> tuple[subprocess.Popen, str]:
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if exe is None:
        sys.exit("oxigraph is not installed: pip install oxigraph (it is in the test extra)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(work), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(200):
        try:
            Endpoint(url, timeout=5).ask("ASK {}")
            break
        except EndpointError:
            time.sleep(0.05)
    upload(Endpoint(url, timeout=600), f"http://127.0.0.1:{port}/store", load_rdf(data))
    return proc, url


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=100)
    p.add_argument("--endpoint", default=None, help="an endpoint already holding the built-in graph (and the --data files)")
    p.add_argument("--data", action="append", default=[], metavar="PATH", help="RDF to add on both sides (repeatable)")
    p.add_argument("--path", nargs=2, action="append", default=[], metavar=("FROM", "TO"), help="a learning path to time too")
    args = p.parse_args()
    queries = QUERIES + [("path", tuple(pair)) for pair in args.path]
    repeat = max(100, args.repeat)
    proc = None
    with tempfile.TemporaryDirectory() as tmp:
        url = args.endpoint
        if url is None:
            proc, url = _serve(Path(tmp) / "db", args.data)
        try:
            memory = MemoryBackend(rolegraph.load(args.data))
            endpoint = EndpointBackend(Endpoint(url, timeout=60))
            t = time.perf_counter()
            endpoint.owner("RAG pipeline design")
            first = time.perf_counter() - t
            print(f"in memory: {len(memory.rg.rdf):,} triples; endpoint: {url}; {repeat} runs each")
            print(
                f"first question on a new endpoint backend (label table of {endpoint.remote.labels().G.number_of_nodes():,} nodes "
                f"fetched): {first * 1000:.0f} ms"
            )
            print(f"{'query':<34} {'memory p50':>10} {'p95':>8} {'endpoint p50':>13} {'p95':>8}  same")
            for method, qargs in queries:
                same = getattr(memory, method)(*qargs) == getattr(endpoint, method)(*qargs)
                m50, m95 = _percentiles(_time(memory, method, qargs, repeat))
                e50, e95 = _percentiles(_time(endpoint, method, qargs, repeat))
                label = f"{method} {'JD ' + JD.name[:13] if method == 'need' else ' '.join(qargs)}"[:34]
                print(f"{label:<34} {m50:>10.2f} {m95:>8.2f} {e50:>13.2f} {e95:>8.2f}  {'yes' if same else 'NO'}", flush=True)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(10)


if __name__ == "__main__":
    main()
