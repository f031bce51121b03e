"""The endpoint client against hostile servers and visitors (issue 16, items 1, 7, 12, 13).

Servers here are local and count what they receive: a visitor's URL must get nothing it
should not (no credentials, no request at all unless the operator allows it), a server
that drips bytes must not hold a request past its deadline, and a malformed answer must
give a clear error, never a traceback.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time

import pytest
from conftest import DATA
from rolegraph.backend import EndpointBackend
from rolegraph.cli import main
from rolegraph.endpoint import Endpoint, visitor_endpoint, visitor_endpoint_allowed, visitor_endpoints_enabled
from rolegraph.errors import BadInputError, EndpointError
from sentinel import Sentinel

TOKEN = "operator-s3cr3t-token"


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    for var in ("ROLEGRAPH_ENDPOINT", "ROLEGRAPH_TOKEN", "ROLEGRAPH_USER", "ROLEGRAPH_PASSWORD", "ROLEGRAPH_TIMEOUT", "ROLEGRAPH_GRAPH"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("ROLEGRAPH_VISITOR_ENDPOINTS", raising=False)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class Raw:
    """A TCP server on 127.0.0.1 that answers every connection with ``script(conn)``; counts connections and requests."""

    def __init__(self, script):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/query"
        self.connections = 0
        self.requests: list[bytes] = []
        self.stop = threading.Event()
        self.script = script
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def read_request(self, conn) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return b""
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
        while len(body) < length:
            body += conn.recv(65536)
        self.requests.append(head)
        return head

    def _talk(self, conn):
        try:
            self.script(self, conn)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.stop.set()
        self.sock.close()


def drip(where: str):
    """One byte a second, in the status line and headers or in the body."""

    def script(server, conn):
        server.read_request(conn)
        body = b'{"head": {}, "boolean": true}' + b" " * 100
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: %d\r\n\r\n" % len(body)
        first, slow = (b"", head + body) if where == "headers" else (head, body)
        conn.sendall(first)
        for byte in slow:
            if server.stop.is_set():
                return
            conn.sendall(bytes([byte]))
            time.sleep(1)

    return script


def within(seconds: float, fn):
    """``fn()``'s exception, failing the test if it has not returned after ``seconds`` (a hang is the bug)."""
    box = {}

    def go():
        try:
            fn()
        except Exception as exc:
            box["exc"] = exc

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"still waiting after {seconds} s: the timeout is not a deadline"
    return box.get("exc")


@pytest.mark.parametrize("where", ["headers", "body"])
def test_timeout_is_a_deadline_for_the_whole_request(where):
    """Item 7: a per-read timeout never fires on a server that sends a byte a second."""
    server = Raw(drip(where))
    try:
        exc = within(30, lambda: Endpoint(server.url, timeout=2).ask("ASK {}"))
        assert isinstance(exc, EndpointError) and "did not answer within 2 s" in str(exc), exc
        code, out, err = run("--endpoint", server.url, "--timeout", "2", "sparql", "ASK {}")
        assert code == 2 and out == "" and "did not answer within 2 s" in err
    finally:
        server.close()


def test_connections_are_kept_alive_across_requests():
    def script(server, conn):
        body = b'{"head": {}, "boolean": true}'
        while server.read_request(conn):
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
            )

    server = Raw(script)
    try:
        ep = Endpoint(server.url, timeout=5)
        assert all(ep.ask("ASK {}") for _ in range(5))
        assert len(server.requests) == 5 and server.connections == 1
    finally:
        server.close()


def test_a_server_that_closes_a_kept_connection_gets_a_fresh_one():
    def script(server, conn):  # answers once, then closes without saying so
        body = b'{"head": {}, "boolean": true}'
        server.read_request(conn)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
        )

    server = Raw(script)
    try:
        ep = Endpoint(server.url, timeout=5)
        assert ep.ask("ASK {}") and ep.ask("ASK {}") and ep.ask("ASK {}")
        assert len(server.requests) == 3
    finally:
        server.close()


# ------------------------------------------------------------------ item 1: whose endpoint, whose credentials


class Recorder:
    """An HTTP server answering SPARQL JSON and recording each request's headers."""

    def __init__(self, status=200, body=b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "7"}}]}}'):
        self.seen: list[dict] = []

        def script(server, conn):
            head = server.read_request(conn)
            if head:
                self.seen.append(
                    {k.strip().lower(): v.strip() for k, _, v in (line.decode().partition(":") for line in head.split(b"\r\n")[1:])}
                )
                conn.sendall(
                    b"HTTP/1.1 %d X\r\nContent-Type: application/sparql-results+json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                    % (status, len(body), body)
                )

        self.raw = Raw(script)
        self.url = self.raw.url

    def close(self):
        self.raw.close()


@pytest.fixture
def recorder():
    made = []

    def make(**kw):
        made.append(Recorder(**kw))
        return made[-1]

    yield make
    for r in made:
        r.close()


def test_a_visitor_endpoint_is_off_by_default(recorder, monkeypatch):
    monkeypatch.setenv("ROLEGRAPH_TOKEN", TOKEN)
    elsewhere = recorder()
    assert not visitor_endpoints_enabled()
    with pytest.raises(BadInputError, match=r"queries only its own endpoint.*ROLEGRAPH_VISITOR_ENDPOINTS"):
        visitor_endpoint(elsewhere.url)
    assert elsewhere.seen == [] and elsewhere.raw.connections == 0


def test_credentials_go_only_to_the_operators_endpoint(recorder, monkeypatch):
    own, elsewhere = recorder(), recorder()
    monkeypatch.setenv("ROLEGRAPH_TOKEN", TOKEN)
    monkeypatch.setenv("ROLEGRAPH_ENDPOINT", own.url)
    monkeypatch.setenv("ROLEGRAPH_VISITOR_ENDPOINTS", elsewhere.url)
    assert str(visitor_endpoint(own.url).select("SELECT ?n {}")[0]["n"]) == "7"
    assert own.seen[0]["authorization"] == f"Bearer {TOKEN}"
    assert visitor_endpoint(elsewhere.url).select("SELECT ?n {}")
    assert "authorization" not in elsewhere.seen[0]
    monkeypatch.setenv("ROLEGRAPH_USER", "alice")
    monkeypatch.delenv("ROLEGRAPH_TOKEN")
    monkeypatch.setenv("ROLEGRAPH_PASSWORD", "pw-pw-pw")
    visitor_endpoint(elsewhere.url).select("SELECT ?n {}")
    assert len(elsewhere.seen) == 2
    assert all("authorization" not in h for h in elsewhere.seen)


def test_the_allow_list_matches_scheme_host_port_and_path(monkeypatch):
    env = {"ROLEGRAPH_VISITOR_ENDPOINTS": "https://q.example.org/sparql http://127.0.0.1:7878/"}
    yes = ["https://q.example.org/sparql", "https://q.example.org/sparql/roles", "http://127.0.0.1:7878/query"]
    no = [
        "https://q.example.org/sparqlx",
        "http://q.example.org/sparql",
        "https://q.example.org:8443/sparql",
        "https://q.example.org.evil.test/sparql",
        "https://evil.test/sparql?https://q.example.org/sparql",
        "http://127.0.0.1:7879/query",
        "http://user:pw@127.0.0.1:7878/query",
        "file:///etc/passwd",
    ]
    assert all(visitor_endpoint_allowed(u, env) for u in yes)
    assert not any(visitor_endpoint_allowed(u, env) for u in no)
    with pytest.raises(BadInputError, match="not among the endpoints this server may query"):
        visitor_endpoint("https://evil.test/sparql", environ=env)


def test_error_bodies_from_a_visitor_endpoint_are_not_shown(recorder, monkeypatch):
    secret = "internal-host-10.0.0.5-stack-trace"
    srv = recorder(status=500, body=secret.encode())
    monkeypatch.setenv("ROLEGRAPH_VISITOR_ENDPOINTS", "*")
    with pytest.raises(EndpointError) as err:
        visitor_endpoint(srv.url).ask("ASK {}")
    assert "HTTP 500" in str(err.value) and secret not in str(err.value)
    with pytest.raises(EndpointError, match=secret):  # the operator's own command line still shows it
        Endpoint(srv.url).ask("ASK {}")


def test_the_app_sends_nothing_to_a_visitor_url(monkeypatch):
    """The review's attack: ROLEGRAPH_TOKEN set, a visitor types a URL into "SPARQL endpoint"."""
    from streamlit.testing.v1 import AppTest
    from test_app import APP

    monkeypatch.setenv("ROLEGRAPH_TOKEN", TOKEN)
    with Sentinel() as s:
        at = AppTest.from_file(str(APP), default_timeout=60).run()
        assert at.sidebar.text_input(key="w_endpoint").disabled  # off by default: nothing to type into
        at.session_state["w_endpoint"] = f"http://127.0.0.1:{s.port}/steal"  # and were a value to get there anyway
        at.run()
        assert not at.exception
        assert at.error and "only its own endpoint" in at.error[0].value.replace("\\", "")
        monkeypatch.setenv("ROLEGRAPH_VISITOR_ENDPOINTS", f"http://127.0.0.1:{s.port}/")
        at = AppTest.from_file(str(APP), default_timeout=60).run()
        at.sidebar.text_input(key="w_endpoint").input(f"http://127.0.0.1:{s.port}/allowed").run()
        assert s.requests == ["POST /allowed"], s.requests  # allowed: asked once (the answer is not SPARQL) ...
    assert at.error and "SPARQL" in at.error[0].value


# ------------------------------------------------------------------ items 12 and 13: malformed answers


def answering(body: bytes, ctype: str = "application/sparql-results+json"):
    def script(server, conn):
        server.read_request(conn)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (ctype.encode(), len(body), body)
        )

    return Raw(script)


ANSWERS = json.loads((DATA / "hostile" / "endpoint-answers.json").read_text())["answers"]


@pytest.mark.parametrize("case", ANSWERS, ids=range(len(ANSWERS)))
def test_malformed_answers_are_named(case):
    body, message = case["body"].encode("latin-1" if case.get("latin1") else "utf-8"), case["match"]
    server = answering(body)
    try:
        with pytest.raises(EndpointError, match=message):
            Endpoint(server.url, timeout=5).select("SELECT ?x {}")
        for argv in (["sparql", "SELECT ?x {}"], ["roles"], ["stats"]):
            code, out, err = run("--endpoint", server.url, *argv)
            assert code == 2 and out == "" and "Traceback" not in err, (argv, err)
            assert err.startswith("rolegraph: error: ") and len(err.strip().splitlines()) == 1
    finally:
        server.close()


def test_malformed_json_is_not_called_a_wrong_url():
    server = answering(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
    try:
        with pytest.raises(EndpointError) as err:
            EndpointBackend(Endpoint(server.url, timeout=5)).sparql("SELECT ?x {}")
        assert "malformed JSON" in str(err.value) and "did not answer like a SPARQL endpoint" not in str(err.value)
    finally:
        server.close()


def test_json_results_are_still_read(recorder):
    srv = recorder()
    assert json.loads(json.dumps(Endpoint(srv.url).results("SELECT ?n {}")))["results"]["bindings"][0]["n"]["value"] == "7"


def test_a_configured_http_proxy_is_still_used_for_remote_hosts(monkeypatch):
    """The transport no longer goes through urllib: http_proxy is honoured as before (and never for loopback)."""
    body = b'{"head": {}, "boolean": true}'
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)

    def script(server, conn):
        server.read_request(conn)
        conn.sendall(answer)

    proxy = Raw(script)
    try:
        for var in ("no_proxy", "NO_PROXY", "https_proxy", "HTTPS_PROXY"):
            monkeypatch.delenv(var, raising=False)
        monkeypatch.setenv("http_proxy", proxy.url.rsplit("/", 1)[0])
        monkeypatch.setenv("HTTP_PROXY", proxy.url.rsplit("/", 1)[0])
        assert Endpoint("http://sparql.rolegraph-test.invalid/query", timeout=5).ask("ASK {}") is True
        assert proxy.requests[0].split(b"\r\n")[0] == b"POST http://sparql.rolegraph-test.invalid/query HTTP/1.1"
        server = Raw(script)
        try:
            assert Endpoint(server.url, timeout=5).ask("ASK {}") is True  # loopback: straight there
            assert len(proxy.requests) == 1 and len(server.requests) == 1
        finally:
            server.close()
    finally:
        proxy.close()


def test_a_prefix_flood_in_a_construct_answer_is_refused():
    """Item 9's class on the endpoint side: rdflib would bind 50,000 prefixes of a Turtle answer for minutes."""
    flood = "".join(f"@prefix p{i}: <http://prefix.example/{i}#> .\n" for i in range(50_000)).encode() + b"p1:a p1:b p1:c .\n"
    server = answering(flood, "text/turtle")
    try:
        exc = within(30, lambda: Endpoint(server.url, timeout=10).construct("CONSTRUCT WHERE { ?s ?p ?o }"))
        assert isinstance(exc, EndpointError) and "declaring more than 1,000 prefixes (set ROLEGRAPH_MAX_PREFIXES" in str(exc), exc
    finally:
        server.close()
