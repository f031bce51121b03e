"""What statement-level sources cost on an endpoint: each view fetches its statements' named graphs too.

Starts an Oxigraph server (tests/servers.py), loads the built-in graph with ``upload`` (the
flattened graph and each source's named graph), then times questions with the provenance
query and with it switched off, in turns, and prints medians and the provenance query alone.

    .venv/bin/python bench/endpoint_provenance.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from rolegraph.backend import EndpointBackend  # noqa: E402
from rolegraph.endpoint import Endpoint  # noqa: E402
from rolegraph.load import load_rdf  # noqa: E402
from rolegraph.remote import Remote  # noqa: E402
from servers import start  # noqa: E402

CALLS = [
    ("owner", ("fine-tuning",)),
    ("describe", ("MLE",)),
    ("compare", ("ml-engineer", "ai-engineer")),
    ("path", ("data-engineer", "ml-engineer")),
]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=7)
    a = p.parse_args()
    server = start("oxigraph", Path(tempfile.mkdtemp()))
    try:
        server.load(load_rdf(), "urn:rolegraph:bench")
        be = EndpointBackend(Endpoint(server.query, timeout=120, graphs=("urn:rolegraph:bench",)))
        for name, args in CALLS:  # warm: label index, connections
            be.ask(name, *args)
        with_prov = Remote.provenance
        times: dict = {}
        for _ in range(a.repeat):  # in turns, so a busy machine weighs on both alike
            for label, fn in (("with sources", with_prov), ("without", lambda self, g: [])):
                Remote.provenance = fn
                for name, args in CALLS:
                    t = time.perf_counter()
                    be.ask(name, *args)
                    times.setdefault((name, label), []).append(time.perf_counter() - t)
        Remote.provenance = with_prov
        alone = []
        n = be.resolve("fine-tuning")["iri"]
        g = be.remote.fetch(be.remote.zone_closure({n} | be.remote.adjacent({n})))  # the triples owner's view is projected from
        for _ in range(a.repeat):
            t = time.perf_counter()
            rows = be.remote.provenance(g)
            alone.append(time.perf_counter() - t)
        print(f"built-in graph on Oxigraph, medians of {a.repeat}")
        for name, _ in CALLS:
            w, wo = (statistics.median(times[(name, k)]) * 1000 for k in ("with sources", "without"))
            print(f"  {name:9} with sources {w:7.1f} ms   without {wo:7.1f} ms   difference {w - wo:+7.1f} ms")
        print(
            f"  the provenance query of owner's view ({len(g)} triples, {len(rows)} statements in source graphs): "
            f"{statistics.median(alone) * 1000:.1f} ms"
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
