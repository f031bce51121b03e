"""Name resolution and a no-path answer on an endpoint at taxonomy scale: what a fresh backend pays first.

    .venv/bin/python bench/endpoint_names.py --data esco.ttl
    .venv/bin/python bench/endpoint_names.py --endpoint URL --store STORE_URL --graph G --data esco.ttl   # a loaded server

Starts an Oxigraph server holding the built-in graph and ``--data`` in one named graph (unless
``--endpoint`` names one that does), then prints, each the median of ``--repeat`` runs on a new backend:
the first name resolved with the label table gathered by a query, the same once ``rolegraph load``'s
label index is beside the graph, and the learning path between an occupation with no walk to the data
engineer and the data engineer ("no path"), beside the same in memory.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import networkx as nx
import rolegraph
import servers
from rolegraph.backend import EndpointBackend, MemoryBackend
from rolegraph.endpoint import DEFAULT_GRAPH, Endpoint
from rolegraph.label_index import write_label_index
from rolegraph.load import load_rdf
from rolegraph.questions.path import walk_graph


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", action="append", default=[], metavar="PATH")
    p.add_argument("--endpoint", default=None)
    p.add_argument("--store", default=None)
    p.add_argument("--graph", default=DEFAULT_GRAPH)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        url, store = args.endpoint, args.store
        try:
            if url is None:
                server = servers.start("oxigraph", Path(tmp) / "oxigraph")
                server.load(load_rdf(args.data), args.graph)
                url, store = server.query, server.store
            memory = MemoryBackend(rolegraph.load(args.data))
            rg = memory.rg
            ep = Endpoint(url, timeout=600, graphs=(args.graph,))
            ep.put_graph(store, f"{args.graph}#labels", b"")  # start without an index
            print(f"{rg.G.number_of_nodes():,} nodes, {rg.triples:,} triples; endpoint {url} graph {args.graph}")

            def first_name():
                EndpointBackend(Endpoint(url, timeout=600, graphs=(args.graph,))).resolve("data enginer")

            print(f"first name, label table by query:   {_median(first_name, args.repeat) * 1000:9.0f} ms")
            write_label_index(ep, store, args.graph, rg)
            print(f"first name, label index from load:  {_median(first_name, args.repeat) * 1000:9.0f} ms")
            de = rg.ids["data-engineer"]
            alone = next(r for r in rg.of_type("role") if r not in nx.node_connected_component(walk_graph(rg), de))
            backend = EndpointBackend(Endpoint(url, timeout=600, graphs=(args.graph,)))
            same = backend.ask("path", alone, "data-engineer") == memory.ask("path", alone, "data-engineer")
            mem = _median(lambda: memory.ask("path", alone, "data-engineer"), args.repeat)
            end = _median(lambda: backend.ask("path", alone, "data-engineer"), args.repeat)
            print(
                f"path with no walk ({alone.rsplit('/', 1)[-1][:8]}... to data-engineer): memory {mem * 1000:.0f} ms, "
                f"endpoint {end * 1000:.0f} ms, same answer: {'yes' if same else 'NO'}"
            )
            for method, qargs in (
                ("owner", ("data mining",)),
                ("compare", ("data-engineer", "ml-engineer")),
                ("path", ("data-engineer", "ai-engineer")),
            ):
                ask_m, ask_e = (functools.partial(b.ask, method) for b in (memory, backend))
                same = ask_e(*qargs) == ask_m(*qargs)
                mem = _median(lambda ask_m=ask_m, qargs=qargs: ask_m(*qargs), args.repeat)
                end = _median(lambda ask_e=ask_e, qargs=qargs: ask_e(*qargs), args.repeat)
                print(
                    f"{method} {' '.join(qargs)[:30]:<30} memory {mem * 1000:8.1f} ms  endpoint {end * 1000:8.0f} ms  "
                    f"same: {'yes' if same else 'NO'}"
                )
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
