"""Each way an endpoint can fail gives an EndpointError with a clear message; credentials never show."""

from __future__ import annotations

import base64
import http.server
import io
import socket
import threading

import pytest
from conftest import free_port
from rolegraph.backend import EndpointBackend
from rolegraph.cli import main
from rolegraph.endpoint import Endpoint, timeout_from
from rolegraph.errors import BadInputError, EndpointError

TOKEN = "s3cr3t-t0ken-value"
PASSWORD = "hunter2-password"


class _Server:
    """A local HTTP server answering every POST with ``status``, ``ctype`` and ``body``; records headers."""

    def __init__(self, status=200, ctype="application/sparql-results+json", body=b'{"head":{},"boolean":true}', location=None):
        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                seen.append(dict(self.headers))
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/query"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server_factory():
    made = []

    def make(**kw):
        made.append(_Server(**kw))
        return made[-1]

    yield make
    for s in made:
        s.close()


@pytest.fixture
def silent_server():
    """Accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"
    stop.set()
    t.join(2)
    for c in held:
        c.close()
    sock.close()


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    for var in ("ROLEGRAPH_ENDPOINT", "ROLEGRAPH_TOKEN", "ROLEGRAPH_USER", "ROLEGRAPH_PASSWORD", "ROLEGRAPH_TIMEOUT", "ROLEGRAPH_GRAPH"):
        monkeypatch.delenv(var, raising=False)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_server_down_says_connection_refused():
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError, match="connection refused; is the server running"):
        EndpointBackend(Endpoint(url, timeout=5)).ask("roles")
    code, out, err = run("--endpoint", url, "roles")
    assert code == 2 and out == "" and "connection refused" in err


def test_slow_server_times_out_with_the_limit_named(silent_server):
    with pytest.raises(EndpointError, match=r"did not answer within 0\.3 s.*--timeout or ROLEGRAPH_TIMEOUT"):
        Endpoint(silent_server, timeout=0.3).ask("ASK {}")
    code, _, err = run("--endpoint", silent_server, "--timeout", "0.3", "stats")
    assert code == 2 and "did not answer within 0.3 s" in err


def test_wrong_path_is_a_404_with_a_hint(sparql_server):
    url = sparql_server["query"].rsplit("/", 1)[0] + "/sparql-nope"
    with pytest.raises(EndpointError, match=r"HTTP 404.*check the path"):
        Endpoint(url).ask("ASK {}")


def test_server_error_gives_status_and_detail(server_factory):
    srv = server_factory(status=500, ctype="text/plain", body=b"storage exploded")
    with pytest.raises(EndpointError, match=r"failed with HTTP 500.*storage exploded"):
        Endpoint(srv.url).ask("ASK {}")


def test_a_web_page_is_not_sparql(server_factory):
    srv = server_factory(ctype="text/html", body=b"<html>hello</html>")
    with pytest.raises(EndpointError, match=r"did not answer like a SPARQL endpoint \(got text/html\)"):
        Endpoint(srv.url).select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(EndpointError, match="SPARQL endpoint"):
        Endpoint(srv.url).construct("CONSTRUCT WHERE { ?s ?p ?o }")


def test_bearer_token_is_sent_and_never_printed(server_factory, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_TOKEN", TOKEN)
    srv = server_factory(status=401, ctype="text/plain", body=f"bad token {TOKEN}".encode())
    code, out, err = run("--endpoint", srv.url, "roles", "--json")
    assert srv.seen[0]["Authorization"] == f"Bearer {TOKEN}"
    assert code == 2 and "needs credentials" in err
    assert TOKEN not in out + err
    ep = Endpoint(srv.url)
    assert TOKEN not in repr(ep) and TOKEN not in repr(EndpointBackend(ep)) and TOKEN not in str(vars(ep).get("url"))


def test_basic_credentials_are_sent_and_never_printed(server_factory, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_USER", "alice")
    monkeypatch.setenv("ROLEGRAPH_PASSWORD", PASSWORD)
    srv = server_factory(status=500, ctype="text/plain", body=f"echo alice:{PASSWORD}".encode())
    with pytest.raises(EndpointError) as err:
        Endpoint(srv.url).ask("ASK {}")
    assert srv.seen[0]["Authorization"] == "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    assert PASSWORD not in str(err.value) and "***" in str(err.value)


def test_credentials_work_against_a_server_that_accepts_them(server_factory, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_TOKEN", TOKEN)
    srv = server_factory()
    assert Endpoint(srv.url).ask("ASK {}") is True
    assert srv.seen[0]["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/sparql", "not an http"),
        ("not a url", "not an http"),
        ("http://alice:pw@127.0.0.1:7878/query", "not in the URL"),
        ("", "needs a URL"),
    ],
)
def test_bad_urls_are_bad_input(url, message):
    with pytest.raises(BadInputError, match=message):
        Endpoint(url)


@pytest.mark.parametrize("value", ["0", "-1", "soon", "99999"])
def test_bad_timeouts_are_bad_input(value, monkeypatch):
    with pytest.raises(BadInputError, match="--timeout"):
        timeout_from(value)
    monkeypatch.setenv("ROLEGRAPH_TIMEOUT", value)
    with pytest.raises(BadInputError, match="ROLEGRAPH_TIMEOUT"):
        timeout_from()
    code, _, err = run("--endpoint", "http://127.0.0.1:9/query", "--timeout", value, "roles")
    assert code == 2 and "--timeout" in err


def test_validate_needs_files_with_an_endpoint():
    code, _, err = run("--endpoint", "http://127.0.0.1:9/query", "validate")
    assert code == 2 and "not an endpoint" in err


def test_redirects_are_not_followed_with_credentials(server_factory, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_TOKEN", TOKEN)
    elsewhere = server_factory()
    srv = server_factory(status=302, ctype="text/plain", body=b"moved", location=elsewhere.url)
    with pytest.raises(EndpointError, match=r"redirected \(HTTP 302\) to http://127\.0\.0\.1:\d+/query; give that URL"):
        Endpoint(srv.url).ask("ASK {}")
    assert elsewhere.seen == []
