"""Real SPARQL servers started on free loopback ports with throwaway storage: Oxigraph (``oxigraph serve``, from the
test extra) and Virtuoso 7 (``virtuoso-t``, Debian's virtuoso-opensource-7-bin). Used by the test fixtures
(tests/conftest.py) and by bench/endpoint.py.

Each ``start_*`` returns a :class:`Server`: its query URL, its Graph Store URL, ``load(g, graph_iri)`` to replace a
named graph with an rdflib graph, and ``stop()``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ENGINES = ("oxigraph", "virtuoso")


class ServerMissing(RuntimeError):
    """The server's executable is not installed."""


def stop_process(proc: subprocess.Popen, grace: float = 15) -> None:
    """Ask a server process to end; kill it if it has not within ``grace`` seconds."""
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    engine: str
    query: str
    store: str
    proc: subprocess.Popen
    log: Path
    _load: object = field(repr=False)

    def load(self, g, graph_iri: str) -> None:
        self._load(g, graph_iri)

    def stop(self) -> None:
        stop_process(self.proc, 20)

    def as_dict(self) -> dict:
        return {"engine": self.engine, "query": self.query, "store": self.store, "load": self.load}


def _wait(server: Server, probe: str, tries: int = 600) -> Server:
    from rolegraph.endpoint import Endpoint, EndpointError

    ep = Endpoint(server.query, timeout=10)
    for _ in range(tries):  # readiness, not a timing assertion
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.engine} exited with {server.proc.returncode}; see {server.log}")
        try:
            ep.select(probe)
            return server
        except EndpointError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{server.engine} did not answer on {server.query}; see {server.log}")


def start_oxigraph(work: Path) -> Server:
    """``oxigraph serve`` with its union of graphs as the default graph; loads through the Graph Store Protocol."""
    from rolegraph.endpoint import Endpoint, upload

    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if exe is None:
        raise ServerMissing("the oxigraph server is missing: `pip install oxigraph` (it is in the test extra)")
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = work / "server.log"
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(work / "db"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    query, store = f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/store"
    server = Server("oxigraph", query, store, proc, log, lambda g, name: upload(Endpoint(query, timeout=600), store, g, name))
    return _wait(server, "SELECT * {}")


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
MaxClientConnections = 64
CheckpointInterval = 0
NumberOfBuffers = 40000
MaxDirtyBuffers = 30000
DirsAllowed = {db}
ThreadsPerQuery = 2
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300

[HTTPServer]
ServerPort = {http}
ServerRoot = {db}
MaxClientConnections = 64
ServerThreads = 64
MaxKeepAlives = 64
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


def put_graph_digest(store_url: str, graph_iri: str, g, user: str = "dba", password: str = "dba") -> None:
    """Replace ``graph_iri`` with ``g`` through Virtuoso's Graph Store endpoint (``/sparql-graph-crud-auth``, HTTP
    digest authentication), with rolegraph's own client, as `rolegraph load` does."""
    import base64

    from rolegraph.endpoint import Endpoint

    auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    Endpoint(store_url, timeout=600, _auth=auth).put_graph(store_url, graph_iri, g.serialize(format="nt", encoding="utf-8"))


def _put_with_sources(store_url: str, graph_iri: str, g) -> None:
    """What ``rolegraph load`` puts: ``g`` flattened into ``graph_iri``, and each source's named graph (provenance)."""
    from rolegraph.provenance import named_graphs

    put_graph_digest(store_url, graph_iri, g)
    for name, part in named_graphs(g).items():
        put_graph_digest(store_url, name, part)


def start_virtuoso(work: Path) -> Server:
    """``virtuoso-t`` in the foreground with a throwaway database. Its default graph, without
    ``default-graph-uri``, is the union of all its graphs, its own system graphs included."""
    exe = shutil.which("virtuoso-t")
    if exe is None:
        raise ServerMissing("virtuoso-t is missing: apt-get install virtuoso-opensource-7-bin (.ci/run installs it)")
    work.mkdir(parents=True, exist_ok=True)
    port, http = free_port(), free_port()
    ini = work / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=work, port=port, http=http))
    log = work / "server.log"
    proc = subprocess.Popen([exe, "-f", "-c", str(ini)], stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=work)
    base = f"http://127.0.0.1:{http}"
    store = f"{base}/sparql-graph-crud-auth"
    server = Server("virtuoso", f"{base}/sparql", store, proc, log, lambda g, name: _put_with_sources(store, name, g))
    return _wait(server, "SELECT (1 AS ?x) {}")


def start(engine: str, work: Path) -> Server:
    return {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}[engine](work)
