"""Shared fixtures: the built-in graph (loaded once) and a small hand-made graph."""

from __future__ import annotations

from pathlib import Path

import pytest
import rolegraph

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rg():
    """The built-in graph. Shared by many tests: never mutate it."""
    return rolegraph.load()


@pytest.fixture(scope="session")
def small():
    """A tiny graph written by hand (tests/data/fixture.ttl), without the built-in data."""
    return rolegraph.load([DATA / "fixture.ttl"], builtin=False)


# ---------------------------------------------------------------- a real SPARQL server (tests/test_endpoint*.py)

BUILTIN_GRAPH = "urn:rolegraph:test:builtin"
FIXTURE_GRAPH = "urn:rolegraph:test:fixture"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    """An Oxigraph server (``oxigraph serve`` from PyPI) on a free port, holding the built-in graph and
    the small fixture in two named graphs, loaded through the Graph Store Protocol.

    Yields ``{"query", "store"}`` URLs. The server serves the union of its graphs as the default graph.
    """
    import shutil
    import subprocess
    import sys
    import time

    from rolegraph.endpoint import Endpoint, EndpointError, upload
    from rolegraph.load import load_rdf

    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the oxigraph server is missing: `pip install oxigraph` (it is in the test extra)")
    work = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = (work / "server.log").open("wb")
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(work / "db"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    urls = {"query": f"http://127.0.0.1:{port}/query", "store": f"http://127.0.0.1:{port}/store"}
    ep = Endpoint(urls["query"], timeout=10)
    try:
        for _ in range(200):  # wait until it answers (readiness, not a timing assertion)
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {proc.returncode}; see {work / 'server.log'}")
            try:
                ep.ask("ASK {}")
                break
            except EndpointError:
                time.sleep(0.05)
        upload(ep, urls["store"], load_rdf(), BUILTIN_GRAPH)
        upload(ep, urls["store"], load_rdf([DATA / "fixture.ttl"], builtin=False), FIXTURE_GRAPH)
        yield urls
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
