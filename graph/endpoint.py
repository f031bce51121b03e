"""A small SPARQL 1.1 Protocol client: queries, and uploads through the Graph Store Protocol.

One :class:`Endpoint` talks to one query URL (Oxigraph ``/query``, Fuseki
``/ds/sparql``, GraphDB ``/repositories/R``, Neptune ``/sparql``). Every way a
request can fail (server down, too slow, wrong URL, HTTP error, an answer that
is not SPARQL) raises :class:`~graph.errors.EndpointError` with a message that
says what to check. Credentials come from the environment
(``ROLEGRAPH_TOKEN`` for a bearer token, else ``ROLEGRAPH_USER`` and
``ROLEGRAPH_PASSWORD`` for basic auth); they are sent as an ``Authorization``
header and never appear in a message, a ``repr`` or a log line.

Examples
--------
>>> ep = Endpoint("http://127.0.0.1:7878/query", timeout=5)
>>> ep
Endpoint('http://127.0.0.1:7878/query', timeout=5.0)
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import re
import socket
import urllib.error
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
    "Endpoint",
    "endpoint_from_env",
    "store_url_for",
    "timeout_from",
    "upload",
]

ENV_ENDPOINT = "ROLEGRAPH_ENDPOINT"
ENV_TIMEOUT = "ROLEGRAPH_TIMEOUT"
ENV_GRAPH = "ROLEGRAPH_GRAPH"
ENV_TOKEN = "ROLEGRAPH_TOKEN"
ENV_USER = "ROLEGRAPH_USER"
ENV_PASSWORD = "ROLEGRAPH_PASSWORD"
#: Seconds to wait for an answer unless --timeout or ROLEGRAPH_TIMEOUT say otherwise.
DEFAULT_TIMEOUT = 30.0
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
        data = self.results(query)
        if not isinstance(data.get("boolean"), bool):
            raise EndpointError(f"{_public(self.url)} answered an ASK without a boolean; is it a SPARQL endpoint?")
        return data["boolean"]

    def results(self, query: str, *, named=()) -> dict:
        """The SPARQL JSON results of a SELECT or ASK, as parsed JSON."""
        body, ctype = self._post(query, _RESULTS_JSON, named)
        if "json" not in ctype:
            raise EndpointError(_not_sparql(self.url, ctype, body))
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise EndpointError(_not_sparql(self.url, ctype, body)) from None
        if not isinstance(data, dict) or ("results" not in data and "boolean" not in data):
            raise EndpointError(_not_sparql(self.url, ctype, body))
        return data

    def construct(self, query: str) -> rdflib.Graph:
        """The graph a CONSTRUCT or DESCRIBE returns."""
        body, ctype = self._post(query, f"{_NTRIPLES}, text/turtle;q=0.9")
        fmt = "nt" if "n-triples" in ctype or "text/plain" in ctype else "turtle" if "turtle" in ctype else None
        if fmt is None:
            raise EndpointError(_not_sparql(self.url, ctype, body))
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
        """Upload N-Triples into ``graph_iri`` through the Graph Store Protocol (PUT replaces, POST adds)."""
        store_url = _check_url(store_url, "--store")
        sep = "&" if "?" in store_url else "?"
        target = f"{store_url}{sep}{urllib.parse.urlencode({'graph': graph_iri})}"
        self._request(target, ntriples, {"Content-Type": _NTRIPLES}, "PUT" if replace else "POST")

    # -------------------------------------------------------------- transport

    def _request(self, url: str, data: bytes, headers: dict, method: str) -> tuple[bytes, str]:
        headers = dict(headers)
        if self._auth:
            headers["Authorization"] = self._auth
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        handlers = [_NoRedirect()] + ([urllib.request.ProxyHandler({})] if _is_loopback(url) else [])
        opener = urllib.request.build_opener(*handlers)
        where = _public(url)
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                body = resp.read(MAX_ANSWER_BYTES + 1)
                ctype = (resp.headers.get("Content-Type") or "").lower()
        except urllib.error.HTTPError as exc:
            raise EndpointError(self._scrub(_http_message(where, exc))) from None
        except TimeoutError:
            raise EndpointError(
                f"{where} did not answer within {self.timeout:g} s; the server is slow or stuck "
                f"(raise the limit with --timeout or {ENV_TIMEOUT})"
            ) from None
        except urllib.error.URLError as exc:
            raise EndpointError(self._scrub(_unreachable(where, exc.reason))) from None
        except (ConnectionError, OSError) as exc:
            raise EndpointError(self._scrub(_unreachable(where, exc))) from None
        if len(body) > MAX_ANSWER_BYTES:
            raise EndpointError(f"{where} sent more than {MAX_ANSWER_BYTES:,} bytes; narrow the query")
        return body, ctype

    def _scrub(self, text: str) -> str:
        """Remove any credential that might have been echoed into a message."""
        for secret in _secrets(self._auth):
            text = text.replace(secret, "***")
        return text


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: urllib would resend the credentials to wherever they point."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise EndpointError(f"{_public(req.full_url)} redirected (HTTP {code}) to {_public(newurl)}; give that URL instead")


def _auth_from_env() -> str | None:
    token = os.environ.get(ENV_TOKEN)
    if token:
        return f"Bearer {token}"
    user = os.environ.get(ENV_USER)
    if user:
        pair = f"{user}:{os.environ.get(ENV_PASSWORD, '')}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


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


def _http_message(where: str, exc: urllib.error.HTTPError) -> str:
    try:
        detail = exc.read(2000).decode("utf-8", "replace")
    except OSError:
        detail = ""
    detail = " ".join(detail.split())[:300]
    code = exc.code
    if code in (401, 403):
        return (
            f"{where} refused the request (HTTP {code}): the endpoint needs credentials; set {ENV_TOKEN} "
            f"(bearer) or {ENV_USER} and {ENV_PASSWORD} (basic)"
        )
    if code == 404:
        return f"{where} has no SPARQL endpoint (HTTP 404); check the path (Oxigraph: /query, Fuseki: /DATASET/sparql)"
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


def endpoint_from_env(url: str | None = None, *, timeout=None, graphs=None) -> Endpoint | None:
    """The endpoint named by ``url`` or ``ROLEGRAPH_ENDPOINT`` (None when neither is set)."""
    url = url or os.environ.get(ENV_ENDPOINT) or None
    if not url:
        return None
    if graphs is None:
        graphs = tuple(g for g in os.environ.get(ENV_GRAPH, "").split() if g)
    return Endpoint(url, timeout=timeout, graphs=tuple(graphs))
