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

    Yields ``{"engine", "query", "store", "load"}`` (``load(g, graph_iri)`` replaces a named graph).
    The server serves the union of its graphs as the default graph.
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
    urls = {"engine": "oxigraph", "query": f"http://127.0.0.1:{port}/query", "store": f"http://127.0.0.1:{port}/store"}
    ep = Endpoint(urls["query"], timeout=10)
    urls["load"] = lambda g, name: upload(Endpoint(urls["query"], timeout=120), urls["store"], g, name)
    try:
        for _ in range(200):  # wait until it answers (readiness, not a timing assertion)
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {proc.returncode}; see {work / 'server.log'}")
            try:
                ep.ask("ASK {}")
                break
            except EndpointError:
                time.sleep(0.05)
        urls["load"](load_rdf(), BUILTIN_GRAPH)
        urls["load"](load_rdf([DATA / "fixture.ttl"], builtin=False), FIXTURE_GRAPH)
        yield urls
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# ---------------------------------------------------------------- a second engine: Virtuoso 7 (Debian's virtuoso-opensource-7-bin)

VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = {port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
DirsAllowed = {db}
ThreadsPerQuery = 2
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120

[HTTPServer]
ServerPort = {http}
ServerRoot = {db}
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def put_graph_digest(store_url: str, graph_iri: str, g, user: str = "dba", password: str = "dba") -> None:
    """Replace ``graph_iri`` with ``g`` through a Graph Store endpoint that asks for HTTP digest authentication
    (Virtuoso's ``/sparql-graph-crud-auth``). Test plumbing only: the client under test is rolegraph's own."""
    import urllib.parse
    import urllib.request

    body = g.serialize(format="nt", encoding="utf-8")
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, store_url, user, password)
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.ProxyHandler({}))
    url = f"{store_url}?{urllib.parse.urlencode({'graph': graph_iri})}"
    req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "application/n-triples"})
    with opener.open(req, timeout=120) as resp:
        assert resp.status in (200, 201, 204), resp.status


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso 7 server (``virtuoso-t`` from Debian's virtuoso-opensource-7-bin, installed by .ci/run) on free
    ports with a throwaway database, holding the built-in graph and the small fixture in two named graphs,
    uploaded through its Graph Store endpoint (digest authentication, the default dba account).

    Yields ``{"engine", "query", "store", "load"}``: ``load(g, graph_iri)`` replaces a named graph.
    Virtuoso's default graph, without ``default-graph-uri``, is the union of its graphs.
    """
    import os
    import shutil
    import subprocess
    import time

    from rolegraph.endpoint import Endpoint, EndpointError
    from rolegraph.load import load_rdf

    exe = shutil.which("virtuoso-t")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is missing: .ci/run installs Debian's virtuoso-opensource-7-bin")
        pytest.skip("virtuoso-t is missing (apt-get install virtuoso-opensource-7-bin)")
    work = tmp_path_factory.mktemp("virtuoso")
    port, http = free_port(), free_port()
    ini = work / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=work, port=port, http=http))
    log = (work / "server.log").open("wb")
    proc = subprocess.Popen([exe, "-f", "-c", str(ini)], stdout=log, stderr=subprocess.STDOUT, cwd=work)
    base = f"http://127.0.0.1:{http}"
    urls = {"engine": "virtuoso", "query": f"{base}/sparql", "store": f"{base}/sparql-graph-crud-auth"}
    urls["load"] = lambda g, name: put_graph_digest(urls["store"], name, g)
    ep = Endpoint(urls["query"], timeout=10)
    try:
        for _ in range(600):  # wait until it answers (readiness, not a timing assertion)
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}; see {work / 'server.log'}")
            try:
                ep.select("SELECT (1 AS ?x) WHERE {}")
                break
            except EndpointError:
                time.sleep(0.1)
        urls["load"](load_rdf(), BUILTIN_GRAPH)
        urls["load"](load_rdf([DATA / "fixture.ttl"], builtin=False), FIXTURE_GRAPH)
        yield urls
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# Every question runs on both engines; ROLEGRAPH_TEST_ENGINES=oxigraph (say) narrows a local run
ENGINES = [e for e in os.environ.get("ROLEGRAPH_TEST_ENGINES", "oxigraph,virtuoso").split(",") if e]


@pytest.fixture(scope="session", params=ENGINES)
def sparql_server(request):
    """Each SPARQL server the endpoint backend is tested on, in turn (same keys as ``virtuoso``)."""
    return request.getfixturevalue(request.param)
