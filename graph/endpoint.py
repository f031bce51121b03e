"""A small SPARQL 1.1 Protocol client: queries, and uploads through the Graph Store Protocol.

One :class:`Endpoint` talks to one query URL (tested: Oxigraph ``/query`` and
Virtuoso 7 ``/sparql``; see the README's "Engines tested"). Every way a
request can fail (server down, too slow, wrong URL, HTTP error, an answer that
is not SPARQL) raises :class:`~graph.errors.EndpointError` with a message that
says what to check. Credentials come from the environment
(``ROLEGRAPH_TOKEN`` for a bearer token, else ``ROLEGRAPH_USER`` and
``ROLEGRAPH_PASSWORD`` for basic auth, or HTTP digest when a Graph Store asks for it); they are sent as an ``Authorization``
header and never appear in a message, a ``repr`` or a log line.

``timeout`` is a deadline for a whole request (connecting, sending, the status
line, headers and body), not for each read: a server that drips one byte a
second is cut off when it passes. Connections are kept alive between requests.

In the app, :func:`visitor_endpoint` decides what a visitor may query: the
operator's ``ROLEGRAPH_ENDPOINT`` (with the operator's credentials), and, only if
``ROLEGRAPH_VISITOR_ENDPOINTS`` allows it, another URL, which gets no credentials
and whose error bodies are not shown.

Examples
--------
>>> ep = Endpoint("http://127.0.0.1:7878/query", timeout=5)
>>> ep
Endpoint('http://127.0.0.1:7878/query', timeout=5.0)
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import os
import re
import socket
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import rdflib
from rdflib import BNode, Literal, URIRef

from .errors import BadInputError, EndpointError
from .provenance import named_graphs

__all__ = [
    "DEFAULT_GRAPH",
    "DEFAULT_TIMEOUT",
    "ENV_ENDPOINT",
    "ENV_GRAPH",
    "ENV_TIMEOUT",
    "ENV_VISITOR",
    "UPLOAD_PART",
    "Endpoint",
    "endpoint_from_env",
    "store_url_for",
    "timeout_from",
    "upload",
    "visitor_endpoint",
    "visitor_endpoint_allowed",
    "visitor_endpoints_enabled",
]

ENV_ENDPOINT = "ROLEGRAPH_ENDPOINT"
ENV_TIMEOUT = "ROLEGRAPH_TIMEOUT"
ENV_GRAPH = "ROLEGRAPH_GRAPH"
ENV_TOKEN = "ROLEGRAPH_TOKEN"
ENV_USER = "ROLEGRAPH_USER"
ENV_PASSWORD = "ROLEGRAPH_PASSWORD"
#: Seconds to wait for an answer unless --timeout or ROLEGRAPH_TIMEOUT say otherwise.
DEFAULT_TIMEOUT = 30.0
#: At most this many triples in one Graph Store request (a larger graph is uploaded in parts).
UPLOAD_PART = 50_000
#: Largest answer read from an endpoint (bytes); a neighbourhood is far smaller.
MAX_ANSWER_BYTES = 256 * 1024 * 1024

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


def timeout_from(value=None) -> float:
    """Seconds to wait: ``value`` if given, else ``ROLEGRAPH_TIMEOUT``, else 30.

    >>> timeout_from("2.5")
    2.5
    """
    raw = value if value is not None else os.environ.get(ENV_TIMEOUT)
    if raw is None or raw == "":
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 < seconds <= 3600:
        where = "--timeout" if value is not None else ENV_TIMEOUT
        raise BadInputError(f"{where} must be a number of seconds above 0 and at most 3600, not {raw!r}")
    return seconds


def _check_url(url: str, what: str = "--endpoint") -> str:
    if not isinstance(url, str) or not url.strip():
        raise BadInputError(f"{what} needs a URL, e.g. http://127.0.0.1:7878/query")
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInputError(f"{what} {_public(url)!r} is not an http(s) URL; give e.g. http://127.0.0.1:7878/query")
    if parts.username or parts.password:
        raise BadInputError(f"{what}: put credentials in {ENV_USER}/{ENV_PASSWORD} or {ENV_TOKEN}, not in the URL")
    return url


def _public(url: str) -> str:
    """The URL fit for a message: no user info, no query string."""
    try:
        p = urllib.parse.urlsplit(str(url))
        host = p.hostname or ""
        if p.port:
            host = f"{host}:{p.port}"
        return urllib.parse.urlunsplit((p.scheme, host, p.path, "", "")) or "?"
    except ValueError:
        return "?"


def store_url_for(query_url: str) -> str | None:
    """The Graph Store URL next to a query URL, for servers with a known layout.

    >>> store_url_for("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    >>> store_url_for("http://h:3030/roles/sparql")
    'http://h:3030/roles/data'
    """
    base, _, last = query_url.rstrip("/").rpartition("/")
    return {"query": f"{base}/store", "sparql": f"{base}/data"}.get(last)


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 query endpoint.

    Parameters
    ----------
    url : str
        The query URL.
    timeout : float, optional
        Seconds to wait for each answer (default: ``ROLEGRAPH_TIMEOUT`` or 30).
    graphs : tuple of str
        Named graphs to query as the default graph (sent as ``default-graph-uri``);
        empty: the server's default graph (Oxigraph: serve with ``--union-default-graph``).
    """

    url: str
    timeout: float = None  # type: ignore[assignment]
    graphs: tuple[str, ...] = ()
    _auth: str | None = field(default=None, repr=False, compare=False)
    #: the body of an HTTP error is shown (up to 300 characters); off for an endpoint a visitor named
    echo_errors: bool = field(default=True, repr=False, compare=False)
    _pool: dict = field(default_factory=lambda: {"lock": threading.Lock()}, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "url", _check_url(self.url))
        object.__setattr__(self, "timeout", timeout_from(self.timeout))
        object.__setattr__(self, "graphs", tuple(self.graphs))
        if self._auth is None:
            object.__setattr__(self, "_auth", _auth_from_env())

    def __repr__(self) -> str:
        return f"Endpoint({_public(self.url)!r}, timeout={self.timeout})"

    # -------------------------------------------------------------- queries

    def select(self, query: str, *, named=()) -> list[dict]:
        """Rows of a SELECT, each ``{var: rdflib term}`` (unbound variables left out).

        ``named``: named graphs the query may reach with ``GRAPH`` (sent as ``named-graph-uri``).
        """
        data = self.results(query, named=named)
        if "results" not in data:
            raise EndpointError(f"{_public(self.url)} answered a SELECT without results; is it a SPARQL endpoint?")
        return [{k: _term(v) for k, v in row.items()} for row in data["results"]["bindings"]]

    def ask(self, query: str) -> bool:
        data = self.results(query, ask=True)
        if not isinstance(data.get("boolean"), bool):
            raise EndpointError(f"{_public(self.url)} answered an ASK without a boolean; is it a SPARQL endpoint?")
        return data["boolean"]

    def results(self, query: str, *, ask: bool = False, named=()) -> dict:
        """The SPARQL JSON results of a SELECT or ASK, as parsed JSON.

        ``ask=True`` for an ASK: Virtuoso 7 answers one as a one-row SELECT of ``?__ASK_RETVAL``
        (1 or 0), which is turned into the standard ``{"head": {}, "boolean": ...}``. ``named``: graphs sent as
        ``named-graph-uri``.
        """
        body, ctype = self._post(query, _RESULTS_JSON, named)
        if "json" not in ctype:
            raise EndpointError(_not_sparql(self.url, ctype, body))
        try:
            data = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise EndpointError(f"{_public(self.url)} answered JSON that is not UTF-8 (byte {exc.start:,}); the server is broken") from None
        except json.JSONDecodeError as exc:
            raise EndpointError(
                f"{_public(self.url)} answered malformed JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                "the server is broken or its answer was cut off"
            ) from None
        except RecursionError:
            raise EndpointError(f"{_public(self.url)} answered JSON nested too deeply to be SPARQL results") from None
        if not isinstance(data, dict) or ("results" not in data and "boolean" not in data):
            raise EndpointError(_not_sparql(self.url, ctype, body))
        problem = _results_problem(data)
        if problem:
            raise EndpointError(f"{_public(self.url)} answered malformed SPARQL JSON results: {problem}; is it a SPARQL endpoint?")
        return _ask_form(data) if ask else _standard(data)

    def construct(self, query: str) -> rdflib.Graph:
        """The graph a CONSTRUCT or DESCRIBE returns."""
        body, ctype = self._post(query, f"{_NTRIPLES}, text/turtle;q=0.9")
        fmt = "nt" if "n-triples" in ctype or "text/plain" in ctype else "turtle" if "turtle" in ctype else None
        if fmt is None:
            raise EndpointError(_not_sparql(self.url, ctype, body))
        if fmt == "turtle":
            from .limits import ENV as LIMIT_ENV
            from .limits import limits
            from .load import declared_prefixes

            cap = limits().max_prefixes
            if len(declared_prefixes("turtle", body)) > cap:  # rdflib binds each prefix in time that grows with those before
                where, var = _public(self.url), LIMIT_ENV["max_prefixes"]
                raise EndpointError(f"{where} answered Turtle declaring more than {cap:,} prefixes (set {var} to allow more)")
        g = rdflib.Graph()
        try:
            g.parse(data=body.decode("utf-8"), format=fmt)
        except Exception:  # any parser error means the same thing here
            raise EndpointError(_not_sparql(self.url, ctype, body)) from None
        return g

    def _post(self, query: str, accept: str, named=()) -> tuple[bytes, str]:
        params = [("query", query)] + [("default-graph-uri", g) for g in self.graphs]
        params += [("named-graph-uri", g) for g in named]  # the named graphs GRAPH may reach (provenance)
        data = urllib.parse.urlencode(params).encode("utf-8")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        return self._request(self.url, data, headers, "POST")

    # -------------------------------------------------------------- graph store

    def put_graph(self, store_url: str, graph_iri: str, ntriples: bytes, *, replace: bool = True) -> None:
        """Upload N-Triples into ``graph_iri`` through the Graph Store Protocol (PUT replaces, POST adds).

        More than :data:`UPLOAD_PART` triples go in parts: the first as asked, the rest added with POST, because
        Virtuoso answers one large request (ESCO's 433k triples) with ``SR172: Transaction deadlocked``. Text that
        may hold a blank node goes whole: a blank node's label means one node only within one request.
        """
        lines = ntriples.splitlines(keepends=True)
        if len(lines) <= UPLOAD_PART or b"_:" in ntriples:
            return self._put_part(store_url, graph_iri, ntriples, replace=replace)
        for i in range(0, len(lines), UPLOAD_PART):
            self._put_part(store_url, graph_iri, b"".join(lines[i : i + UPLOAD_PART]), replace=replace and i == 0)

    def _put_part(self, store_url: str, graph_iri: str, ntriples: bytes, *, replace: bool) -> None:
        store_url = _check_url(store_url, "--store")
        sep = "&" if "?" in store_url else "?"
        target = f"{store_url}{sep}{urllib.parse.urlencode({'graph': graph_iri})}"
        method = "PUT" if replace else "POST"
        headers = {"Content-Type": _NTRIPLES}
        digest = self._digest_for(target, method)
        if digest:
            headers["Authorization"] = digest
        self._request(target, ntriples, headers, method)

    def _digest_for(self, url: str, method: str) -> str | None:
        """The digest ``Authorization`` for ``method`` on ``url`` when the server asks for HTTP digest authentication
        (Virtuoso's Graph Store does), found with body-less HEAD requests so a large upload is sent once; None when
        the Basic credentials (or none) will do. Virtuoso answers Basic credentials with a bare 401, so the challenge
        comes from a second HEAD without them."""
        if not (self._auth and self._auth.startswith("Basic ")):
            return None
        resp, _, _ = self._exchange(url, None, {"Authorization": self._auth}, "HEAD")
        if resp.status != 401:
            return None
        challenge = resp.getheader("WWW-Authenticate") or ""
        if not challenge.lower().startswith("digest"):
            resp, _, _ = self._exchange(url, None, {}, "HEAD")
            challenge = resp.getheader("WWW-Authenticate") or ""
        return _digest_answer(challenge, self._auth, method, _target(url, None))

    # -------------------------------------------------------------- transport

    def _request(self, url: str, data: bytes, headers: dict, method: str) -> tuple[bytes, str]:
        """One HTTP request, all of it (connecting, sending, the status line, the headers and
        the body) within ``timeout`` seconds; the connection is kept for the next request.

        A per-read timeout would let a server that sends one byte a second hold the
        request for ever, so a timer shuts the socket down when the deadline passes.
        """
        headers = dict(headers)
        if self._auth and "Authorization" not in headers:
            headers["Authorization"] = self._auth
        where = _public(url)
        resp, body, ctype = self._exchange(url, data, headers, method)
        if 300 <= resp.status < 400:
            raise EndpointError(
                f"{where} redirected (HTTP {resp.status}) to {_public(resp.getheader('Location') or '?')}; give that URL instead"
            )
        if resp.status >= 400:
            detail = " ".join(body.decode("utf-8", "replace").split())[:300] if self.echo_errors else ""
            raise EndpointError(self._scrub(_http_message(where, resp.status, detail)))
        if len(body) > MAX_ANSWER_BYTES:
            raise EndpointError(f"{where} sent more than {MAX_ANSWER_BYTES:,} bytes; narrow the query")
        return body, ctype

    def _exchange(self, url: str, data: bytes, headers: dict, method: str):
        """Send one request within the deadline: (response, body, content type), whatever its status."""
        where = _public(url)
        for attempt in (1, 2):
            conn, reused = self._connection(url)
            cut = _Deadline(conn, self.timeout)
            try:
                if conn.sock is None:
                    conn.connect()  # here, so that the deadline's timer finds the socket to shut
                if cut.fired:
                    raise TimeoutError
                conn.request(method, _target(url, conn), body=data, headers=headers)
                resp = conn.getresponse()
                body = b"" if method == "HEAD" else resp.read(MAX_ANSWER_BYTES + 1) if resp.status < 300 else resp.read(2000)
                ctype = (resp.getheader("Content-Type") or "").lower()
            except Exception as exc:
                conn.close()
                if cut.fired or isinstance(exc, TimeoutError):  # the deadline, or a socket read timing out just before it
                    raise EndpointError(self._late(where)) from None
                if reused and attempt == 1 and isinstance(exc, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
                    continue  # the server closed a kept-alive connection meanwhile: once more on a new one
                raise EndpointError(self._scrub(_transport_error(where, exc))) from None
            finally:
                cut.cancel()
            if cut.fired:
                conn.close()
                raise EndpointError(self._late(where))
            if resp.will_close or len(body) > MAX_ANSWER_BYTES or resp.status >= 300:
                conn.close()
            else:
                self._keep(url, conn)
            return resp, body, ctype
        raise AssertionError("unreachable")  # pragma: no cover

    def _late(self, where: str) -> str:
        return (
            f"{where} did not answer within {self.timeout:g} s; the server is slow or stuck "
            f"(raise the limit with --timeout or {ENV_TIMEOUT})"
        )

    def _connection(self, url: str) -> tuple[http.client.HTTPConnection, bool]:
        """An idle kept-alive connection to ``url``'s server, or a new one; (connection, reused)."""
        key = _origin(url)
        with self._pool["lock"]:
            idle = self._pool.setdefault(key, [])
            if idle:
                return idle.pop(), True
        return _connect(url, self.timeout), False

    def _keep(self, url: str, conn) -> None:
        with self._pool["lock"]:
            idle = self._pool.setdefault(_origin(url), [])
            if len(idle) < 4:
                idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close the kept-alive connections (they close themselves when the object goes)."""
        with self._pool["lock"]:
            for key, idle in list(self._pool.items()):
                if key != "lock":
                    for conn in idle:
                        conn.close()
                    idle.clear()

    def _scrub(self, text: str) -> str:
        """Remove any credential that might have been echoed into a message."""
        for secret in _secrets(self._auth):
            text = text.replace(secret, "***")
        return text


class _Deadline:
    """Shut ``conn``'s socket down after ``seconds``: every read after that returns at once."""

    def __init__(self, conn, seconds: float):
        self.conn = conn
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self.conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        self.timer.cancel()


def _origin(url: str) -> tuple:
    p = urllib.parse.urlsplit(url)
    return (p.scheme, p.hostname, p.port)


def _proxy_for(url: str) -> str | None:
    """The proxy ``http_proxy``/``https_proxy`` name for ``url`` (never for a loopback address or a ``no_proxy`` host)."""
    if _is_loopback(url):
        return None
    p = urllib.parse.urlsplit(url)
    proxy = urllib.request.getproxies().get(p.scheme)
    if not proxy or urllib.request.proxy_bypass(p.hostname or ""):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def _connect(url: str, timeout: float) -> http.client.HTTPConnection:
    p = urllib.parse.urlsplit(url)
    proxy = _proxy_for(url)
    if proxy:
        q = urllib.parse.urlsplit(proxy)
        if p.scheme == "https":
            conn = http.client.HTTPSConnection(q.hostname, q.port or 80, timeout=timeout)
            conn.set_tunnel(p.hostname, p.port or 443)
        else:
            conn = http.client.HTTPConnection(q.hostname, q.port or 80, timeout=timeout)
            conn._rolegraph_absolute = True
        return conn
    if p.scheme == "https":
        return http.client.HTTPSConnection(p.hostname, p.port or 443, timeout=timeout)
    return http.client.HTTPConnection(p.hostname, p.port or 80, timeout=timeout)


def _target(url: str, conn) -> str:
    """The request target: the path and query, or the whole URL through a plain-HTTP proxy."""
    if getattr(conn, "_rolegraph_absolute", False):
        return url
    p = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(("", "", p.path or "/", p.query, ""))


def _transport_error(where: str, exc: Exception) -> str:
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"{where} did not answer in time (raise the limit with --timeout or {ENV_TIMEOUT})"
    if isinstance(exc, http.client.HTTPException):
        return f"{where} broke off or sent something that is not HTTP ({type(exc).__name__}); is this a SPARQL endpoint?"
    return _unreachable(where, exc)


def _auth_from_env() -> str | None:
    token = os.environ.get(ENV_TOKEN)
    if token:
        return f"Bearer {token}"
    user = os.environ.get(ENV_USER)
    if user:
        pair = f"{user}:{os.environ.get(ENV_PASSWORD, '')}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


def _digest_answer(challenge: str, auth: str | None, method: str, uri: str) -> str | None:
    """The ``Authorization`` value answering an HTTP digest ``challenge`` (RFC 7616, MD5, qop ``auth``) with the
    user and password of ``ROLEGRAPH_USER``/``ROLEGRAPH_PASSWORD``; None when there is no such challenge or
    no user and password (a bearer token is never turned into a digest).

    >>> a = _digest_answer('Digest realm="r", nonce="n", qop="auth"', "Basic " + base64.b64encode(b"u:p").decode(), "PUT", "/s")
    >>> a.startswith('Digest username="u", realm="r", nonce="n", uri="/s", response="') and 'qop=auth' in a
    True
    """
    import hashlib
    import secrets as random

    scheme, _, params = challenge.strip().partition(" ")
    if scheme.lower() != "digest" or not auth or not auth.startswith("Basic "):
        return None
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', params))
    if fields.get("algorithm", "MD5").upper() != "MD5" or "nonce" not in fields:
        return None
    user, _, password = base64.b64decode(auth[6:]).decode("utf-8", "replace").partition(":")

    def md5(text: str) -> str:
        return hashlib.md5(text.encode("utf-8")).hexdigest()

    realm, nonce = fields.get("realm", ""), fields["nonce"]
    ha1, ha2 = md5(f"{user}:{realm}:{password}"), md5(f"{method}:{uri}")
    out = f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}"'
    if "auth" in [q.strip() for q in fields.get("qop", "").split(",")]:
        cnonce, nc = random.token_hex(8), "00000001"
        out += f', response="{md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")}", qop=auth, nc={nc}, cnonce="{cnonce}"'
    else:
        out += f', response="{md5(f"{ha1}:{nonce}:{ha2}")}"'
    if "opaque" in fields:
        out += f', opaque="{fields["opaque"]}"'
    return out + ", algorithm=MD5"


def _secrets(auth: str | None) -> list[str]:
    if not auth:
        return []
    scheme, _, value = auth.partition(" ")
    out = [value]
    if scheme == "Basic":
        user, _, password = base64.b64decode(value).decode("utf-8", "replace").partition(":")
        out += [s for s in (password, f"{user}:{password}") if len(s) >= 3]
    return [s for s in out if s]


def _unreachable(where: str, reason) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"{where} did not answer in time (raise the limit with --timeout or {ENV_TIMEOUT})"
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot reach the SPARQL endpoint {where}: connection refused; is the server running on that host and port?"
    if isinstance(reason, socket.gaierror):
        return f"cannot reach the SPARQL endpoint {where}: unknown host; check the host name"
    return f"cannot reach the SPARQL endpoint {where}: {reason}"


def _http_message(where: str, code: int, detail: str) -> str:
    if code in (401, 403):
        return (
            f"{where} refused the request (HTTP {code}): the endpoint needs credentials; set {ENV_TOKEN} "
            f"(bearer) or {ENV_USER} and {ENV_PASSWORD} (basic)"
        )
    if code == 404:
        return f"{where} has no SPARQL endpoint (HTTP 404); check the path (Oxigraph: /query, Virtuoso: /sparql)"
    if code in (405, 415, 406):
        return f"{where} does not take SPARQL protocol requests (HTTP {code}); is this the query URL?"
    if code == 400:
        return f"{where} rejected the query (HTTP 400): {detail or 'no detail given'}"
    if 500 <= code:
        return f"{where} failed with HTTP {code} (a server error; check its log): {detail or 'no detail given'}"
    return f"{where} answered HTTP {code}: {detail or 'no detail given'}"


def _not_sparql(url: str, ctype: str, body: bytes) -> str:
    ctype = ctype.split(";")[0] or "no content type"
    return f"{_public(url)} did not answer like a SPARQL endpoint (got {ctype}); check that the URL is the query URL"


def _results_problem(data: dict) -> str | None:
    """What is wrong with SPARQL 1.1 JSON results (``None`` when nothing is), so that no caller
    meets a ``KeyError`` or ``AttributeError`` on a server's malformed answer."""
    if "boolean" in data:
        return None if isinstance(data["boolean"], bool) else f"'boolean' is {type(data['boolean']).__name__}, not true or false"
    head = data.get("head")
    if not isinstance(head, dict) or not isinstance(head.get("vars"), list) or not all(isinstance(v, str) for v in head["vars"]):
        return "'head' has no list of variable names"
    results = data["results"]
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings, list):
        return f"'bindings' is {type(bindings).__name__}, not a list"
    for i, row in enumerate(bindings):
        if not isinstance(row, dict):
            return f"row {i + 1} is {type(row).__name__}, not an object"
        for var, cell in row.items():
            if not isinstance(cell, dict) or not isinstance(cell.get("type"), str) or not isinstance(cell.get("value"), str):
                return f'row {i + 1}, ?{var}: a term needs a "type" and a string "value"'
    return None


def _standard(data: dict) -> dict:
    """SELECT results in SPARQL 1.1 JSON form: Virtuoso adds ``link``, ``distinct`` and ``ordered`` keys and
    writes SPARQL 1.0's ``typed-literal``; the same answer then reads the same on every engine.

    >>> _standard({"head": {"link": [], "vars": ["n"]}, "results": {"distinct": False, "ordered": True,
    ...     "bindings": [{"n": {"type": "typed-literal", "datatype": "x:int", "value": "6"}}]}})
    {'head': {'vars': ['n']}, 'results': {'bindings': [{'n': {'type': 'literal', 'datatype': 'x:int', 'value': '6'}}]}}
    """
    if "results" not in data or (set(data["results"]) == {"bindings"} and "link" not in data.get("head", {})):
        return data  # already the standard form (Oxigraph's): nothing to copy
    head = {k: v for k, v in data.get("head", {}).items() if not (k == "link" and not v)}
    rows = [
        {var: ({**term, "type": "literal"} if term.get("type") == "typed-literal" else term) for var, term in row.items()}
        for row in data["results"].get("bindings", [])
    ]
    return {"head": head, "results": {"bindings": rows}}


def _ask_form(data: dict) -> dict:
    """An ASK answer in standard form; Virtuoso's one-row ``__ASK_RETVAL`` SELECT becomes a boolean.

    >>> _ask_form({"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": {"type": "literal", "value": "1"}}]}})
    {'head': {}, 'boolean': True}
    >>> _ask_form({"head": {}, "boolean": False})
    {'head': {}, 'boolean': False}
    """
    if "boolean" in data:
        return data
    rows = data.get("results", {}).get("bindings", [])
    if data.get("head", {}).get("vars") == ["__ASK_RETVAL"] and len(rows) <= 1:
        value = rows[0].get("__ASK_RETVAL", {}).get("value", "0") if rows else "0"
        return {"head": {}, "boolean": value not in ("0", "false", "")}
    return data


def _term(v: dict):
    kind = v.get("type")
    if kind == "uri":
        return URIRef(v["value"])
    if kind == "bnode":
        return BNode(v["value"])
    if kind in ("literal", "typed-literal"):
        lang = v.get("xml:lang")
        return Literal(v["value"], lang=lang) if lang else Literal(v["value"], datatype=v.get("datatype"))
    raise EndpointError(f"unknown term type {kind!r} in the SPARQL results")


#: The named graph ``rolegraph load`` writes to unless told otherwise.
DEFAULT_GRAPH = "https://rolegraph.dev/graph/rolegraph"


def upload(ep: Endpoint, store_url: str, g: rdflib.Graph, graph_iri: str = DEFAULT_GRAPH, *, replace: bool = True) -> dict:
    """Put ``g`` into the named graph ``graph_iri`` through the Graph Store Protocol, then count it back.

    ``replace`` (HTTP PUT) makes the named graph exactly ``g``; otherwise (POST) ``g`` is added to it.
    Returns ``{"store", "graph", "uploaded", "in_graph"}``; ``in_graph`` is counted with a query
    on ``ep``, so a mismatch shows at once.
    """
    if not _SAFE_IRI.match(graph_iri or ""):
        raise BadInputError(f"--graph {graph_iri!r} is not an absolute IRI; give e.g. {DEFAULT_GRAPH}")
    ep.put_graph(store_url, graph_iri, g.serialize(format="nt", encoding="utf-8"), replace=replace)
    rows = ep.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    sources = named_graphs(g)  # statement-level provenance: each source's named graph, as loaded
    for name, part in sources.items():
        ep.put_graph(store_url, name, part.serialize(format="nt", encoding="utf-8"), replace=replace)
    return {
        "store": _public(store_url),
        "graph": graph_iri,
        "uploaded": len(g),
        "in_graph": int(rows[0]["n"]) if rows else 0,
        "source_graphs": {name: len(part) for name, part in sources.items()},
    }


_SAFE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


ENV_VISITOR = "ROLEGRAPH_VISITOR_ENDPOINTS"


def visitor_endpoints_enabled(environ=os.environ) -> bool:
    """Whether the app lets a visitor name an endpoint other than the operator's (``ROLEGRAPH_VISITOR_ENDPOINTS`` set)."""
    return bool(environ.get(ENV_VISITOR, "").split())


def visitor_endpoint_allowed(url: str, environ=os.environ) -> bool:
    """Whether the app may query ``url`` for a visitor: the operator's ``ROLEGRAPH_ENDPOINT``, or a URL
    under one of the space-separated prefixes of ``ROLEGRAPH_VISITOR_ENDPOINTS`` (``*``: any http(s) URL).

    A prefix matches on scheme, host and port exactly, and on the path from its start at a ``/``.

    >>> env = {"ROLEGRAPH_VISITOR_ENDPOINTS": "https://query.example.org/sparql"}
    >>> visitor_endpoint_allowed("https://query.example.org/sparql/roles", env)
    True
    >>> visitor_endpoint_allowed("https://query.example.org.evil.test/sparql", env)
    False
    >>> visitor_endpoint_allowed("http://127.0.0.1:7878/query", {})
    False
    """
    try:
        url = _check_url(url)
    except BadInputError:
        return False
    own = (environ.get(ENV_ENDPOINT) or "").strip()
    if own and _same_place(url, own, exact=True):
        return True
    return any(entry == "*" or _same_place(url, entry, exact=False) for entry in environ.get(ENV_VISITOR, "").split())


def _same_place(url: str, allowed: str, *, exact: bool) -> bool:
    try:
        a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(allowed)
        ports = (a.port or {"http": 80, "https": 443}[a.scheme], b.port or {"http": 80, "https": 443}.get(b.scheme))
    except (ValueError, KeyError):
        return False
    if a.scheme != b.scheme or (a.hostname or "") != (b.hostname or "") or ports[0] != ports[1] or b.username or b.password:
        return False
    if exact:
        return a.path == b.path and a.query == b.query
    prefix = b.path.rstrip("/")
    return a.path == prefix or a.path.startswith(prefix + "/") or not prefix


def visitor_endpoint(url: str, *, timeout=None, environ=os.environ) -> Endpoint:
    """The endpoint for a URL a visitor typed into the app.

    The operator's own ``ROLEGRAPH_ENDPOINT`` gets the operator's credentials and graphs.
    Any other URL is refused unless ``ROLEGRAPH_VISITOR_ENDPOINTS`` allows it, and then
    gets no credentials at all, and its error bodies are not shown.

    Raises
    ------
    BadInputError
        The URL is not an http(s) URL, or not one this server may query for a visitor.
    """
    url = _check_url(url, "SPARQL endpoint")
    own = (environ.get(ENV_ENDPOINT) or "").strip()
    if own and _same_place(url, own, exact=True):
        return Endpoint(url, timeout=timeout, graphs=tuple(g for g in environ.get(ENV_GRAPH, "").split() if g))
    if not visitor_endpoints_enabled(environ):
        raise BadInputError(
            f"this server queries only its own endpoint{' (' + _public(own) + ')' if own else ''}, not one a visitor names; "
            f"its operator can allow some with {ENV_VISITOR}"
        )
    if not visitor_endpoint_allowed(url, environ):
        raise BadInputError(f"{_public(url)} is not among the endpoints this server may query ({ENV_VISITOR} lists them)")
    return Endpoint(url, timeout=timeout, _auth="", echo_errors=False)


def endpoint_from_env(url: str | None = None, *, timeout=None, graphs=None) -> Endpoint | None:
    """The endpoint named by ``url`` or ``ROLEGRAPH_ENDPOINT`` (None when neither is set)."""
    url = url or os.environ.get(ENV_ENDPOINT) or None
    if not url:
        return None
    if graphs is None:
        graphs = tuple(g for g in os.environ.get(ENV_GRAPH, "").split() if g)
    return Endpoint(url, timeout=timeout, graphs=tuple(graphs))
