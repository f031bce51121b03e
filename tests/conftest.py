"""Shared fixtures: the built-in graph (loaded once) and a small hand-made graph."""

from __future__ import annotations

import os
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


# ---------------------------------------------------------------- real SPARQL servers (tests/servers.py)

BUILTIN_GRAPH = "urn:rolegraph:test:builtin"
FIXTURE_GRAPH = "urn:rolegraph:test:fixture"

from servers import free_port  # noqa: E402, F401  (tests import it from here)


def _serve(engine: str, tmp_path_factory):
    """Start ``engine`` on free ports with the built-in graph and the small fixture in two named graphs; yield its
    ``{"engine", "query", "store", "load"}`` (``load(g, graph_iri)`` replaces a named graph)."""
    import servers
    from rolegraph.load import load_rdf

    try:
        server = servers.start(engine, tmp_path_factory.mktemp(engine))
    except servers.ServerMissing as exc:
        if engine == "oxigraph" or os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    try:
        server.load(load_rdf(), BUILTIN_GRAPH)
        server.load(load_rdf([DATA / "fixture.ttl"], builtin=False), FIXTURE_GRAPH)
        yield server.as_dict()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    """An Oxigraph server (``oxigraph serve``); its default graph is the union of its named graphs."""
    yield from _serve("oxigraph", tmp_path_factory)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso 7 server (``virtuoso-t``), loaded through its Graph Store endpoint with digest authentication.
    Its default graph also holds Virtuoso's own system graphs: name the graphs to query."""
    yield from _serve("virtuoso", tmp_path_factory)


# Every question runs on both engines; ROLEGRAPH_TEST_ENGINES=oxigraph (say) narrows a local run
ENGINES = [e for e in os.environ.get("ROLEGRAPH_TEST_ENGINES", "oxigraph,virtuoso").split(",") if e]


@pytest.fixture(scope="session", params=ENGINES)
def sparql_server(request):
    """Each SPARQL server the endpoint backend is tested on, in turn (same keys as ``oxigraph``)."""
    return request.getfixturevalue(request.param)
