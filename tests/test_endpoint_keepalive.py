"""One question, one connection: the endpoint client keeps its HTTP connection open between queries."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
from types import SimpleNamespace

import pytest
from conftest import BUILTIN_GRAPH
from rolegraph.backend import EndpointBackend
from rolegraph.endpoint import Endpoint
from rolegraph.errors import EndpointError


@contextlib.contextmanager
def counting_server(close_after: int | None = None, status: int = 200):
    """A SPARQL-looking HTTP/1.1 server on 127.0.0.1 counting the connections it accepts; yields its tally.

    ``close_after``: answer that many requests on a connection, then close it (a server's idle limit).
    """
    tally = SimpleNamespace(connections=0, requests=0, url="")
    body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            tally.connections += 1
            self.served = 0
            super().setup()

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            tally.requests += 1
            self.served += 1
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            if close_after is not None and self.served >= close_after:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tally.url = f"http://127.0.0.1:{server.server_address[1]}/query"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield tally
    finally:
        server.shutdown()
        server.server_close()


def test_queries_share_one_connection():
    with counting_server() as server:
        ep = Endpoint(server.url, timeout=5)
        for _ in range(10):
            assert str(ep.select("SELECT (1 AS ?n) {}")[0]["n"]) == "1"
    assert (server.requests, server.connections) == (10, 1)


def test_a_connection_the_server_closed_is_opened_again():
    with counting_server(close_after=2) as server:
        ep = Endpoint(server.url, timeout=5)
        for _ in range(5):
            ep.select("SELECT (1 AS ?n) {}")
    assert (server.requests, server.connections) == (5, 3)


def test_an_http_error_on_a_kept_connection_reads_as_before():
    with counting_server(status=500) as server:
        with pytest.raises(EndpointError, match="failed with HTTP 500"):
            Endpoint(server.url, timeout=5).select("SELECT * {}")


@pytest.mark.endpoint
def test_one_question_on_a_real_server_opens_one_connection(sparql_server, monkeypatch):
    """Every round trip of a question (label table, steps, CONSTRUCT) goes over the same connection."""
    import http.client

    opened = []
    real = http.client.HTTPConnection.connect
    monkeypatch.setattr(http.client.HTTPConnection, "connect", lambda self: (opened.append(self.port), real(self))[1])
    endpoint = EndpointBackend(Endpoint(sparql_server["query"], timeout=30, graphs=(BUILTIN_GRAPH,)))
    endpoint.ask("path", "data engineer", "AI engineer")
    assert len(opened) == 1
